import type { ReactNode } from 'react';

/** A number and its unit ("3.57 km²", "8 h"): the unit is drawn smaller. */
const WITH_UNIT = /^(.*\d)( [^\d\s]+)$/;

/** A figure read from across the room: the number large, its label under it. */
export function BigFigure({ value, label, testId, tone }: { value: ReactNode; label: string; testId?: string; tone?: 'warning' | 'alarm' }) {
  const split = typeof value === 'string' ? WITH_UNIT.exec(value) : null;
  return (
    <span className={`big-figure${tone ? ` severity-${tone}` : ''}`}>
      <strong data-testid={testId}>
        {split ? (
          <>
            {split[1]}
            <span className="unit">{split[2]}</span>
          </>
        ) : (
          value
        )}
      </strong>
      {label}
    </span>
  );
}
