import type { ReactNode } from 'react';

/** A figure read from across the room: the number large, its label under it. */
export function BigFigure({ value, label, testId, tone }: { value: ReactNode; label: string; testId?: string; tone?: 'warning' | 'alarm' }) {
  return (
    <span className={`big-figure${tone ? ` severity-${tone}` : ''}`}>
      <strong data-testid={testId}>{value}</strong>
      {label}
    </span>
  );
}
