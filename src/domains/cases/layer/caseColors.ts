/**
 * The cases layer's encoding, one table for the points (./casesLayer.ts) and the legend
 * (./CaseLegend.tsx): each step of the loop its hue, in the families of the desk's state chips
 * (../styles.css) but lighter, mid-tones that stand out on the dark look's night ground and, inside
 * their dark rim, on the day look's pale one (the other domains' points do the same). Red is kept
 * for the overdue ring alone. A finished case is faded, not hidden, until the service clears it
 * from the broker (ten minutes after its last step).
 */
import type { CaseState } from '../caseLoop.ts';
import { isFinal, isOverdue, type LoopCase } from '../caseMap.ts';

/** Final states share one grey: the map says "done", the desk says how. */
const DONE = '#94a3b8';

export const STEP_COLORS: Record<CaseState, string> = {
  reported: '#f59e0b',
  filed: '#60a5fa',
  dispatched: '#06b6d4',
  suspended: '#c084fc',
  handled: '#84cc16',
  closed: DONE,
  rejected: DONE,
  merged: DONE,
};

/** The steps a case is still moving through, in the loop's order: the legend's entries. */
export const OPEN_STEPS = ['reported', 'filed', 'dispatched', 'suspended', 'handled'] as const satisfies readonly CaseState[];

/** Every point's rim, dark so that light fills read on the day look too. */
export const RIM = '#0b1220';
export const OVERDUE_RING = '#dc2626';
export const SELECTED_RIM = '#ffffff';
/** A finished case's opacity. */
export const FINAL_ALPHA = 0.4;

/** How one case is drawn: its fill and opacity, its rim and the rim's width, and its size in pixels. */
export interface CaseLook {
  fill: string;
  alpha: number;
  rim: string;
  rimWidth: number;
  size: number;
}

/** A case's point at `now`: coloured by step, ringed red when overdue, faded and smaller once final, larger when selected. */
export function caseLook(c: LoopCase, now: number, selected: boolean): CaseLook {
  const final = isFinal(c);
  const overdue = isOverdue(c, now);
  return {
    fill: STEP_COLORS[c.step],
    alpha: final ? FINAL_ALPHA : 1,
    rim: overdue ? OVERDUE_RING : selected ? SELECTED_RIM : RIM,
    rimWidth: overdue ? 3 : selected ? 2 : 1,
    size: (final ? 7 : 10) + (selected ? 5 : 0),
  };
}
