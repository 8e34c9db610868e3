import type { ReactNode } from 'react';
import { useCountUp } from '../ui/useCountUp.ts';

/** A number and its unit ("3.57 km²", "8 h"): the unit is drawn smaller. */
const WITH_UNIT = /^(.*\d)( [^\d\s]+)$/;

function Split({ text }: { text: string }) {
  const split = WITH_UNIT.exec(text);
  return split ? (
    <>
      {split[1]}
      <span className="unit">{split[2]}</span>
    </>
  ) : (
    text
  );
}

/**
 * A figure read from across the room: the number large, its label under it. A figure given as
 * text counts up to each new value; the figure itself, for screen readers and tests, is the
 * element with the test id, and the counting copy is for the eye only.
 */
export function BigFigure({ value, label, testId, tone }: { value: ReactNode; label: string; testId?: string; tone?: 'warning' | 'alarm' }) {
  return (
    <span className={`big-figure${tone ? ` severity-${tone}` : ''}`}>
      {typeof value === 'string' ? <CountingFigure text={value} testId={testId} /> : <strong data-testid={testId}>{value}</strong>}
      {label}
    </span>
  );
}

function CountingFigure({ text, testId }: { text: string; testId: string | undefined }) {
  const shown = useCountUp(text);
  return (
    <strong>
      <span aria-hidden="true" className="figure-shown">
        <Split text={shown} />
      </span>
      <span className="visually-hidden" data-testid={testId}>
        {text}
      </span>
    </strong>
  );
}
