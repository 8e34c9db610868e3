/**
 * The crowd heat scale: people per km², on fixed breaks so that a crowd growing from one minute
 * to the next shows as a change of colour (quantile classes would rescale it away). The heat
 * layer, the grid's crowd statistic and their legends read the same scale.
 */

/** Upper bounds of classes 1..7, people per km²; class 8 is above the last, class 0 nobody. */
export const CROWD_BREAKS = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000] as const;

/** Cool to hot, one colour per class 1..8, and how opaque each is drawn over the city. */
export const HEAT_COLORS = ['#1e3a8a', '#1d4ed8', '#0891b2', '#10b981', '#facc15', '#f97316', '#dc2626', '#d946ef'] as const;
export const HEAT_ALPHA = [0.22, 0.32, 0.42, 0.52, 0.62, 0.72, 0.82, 0.92] as const;

/** The class of a density: 0 for nobody, then 1..8. */
export function heatClass(perKm2: number): number {
  if (!(perKm2 > 0)) return 0;
  let k = 0;
  while (k < CROWD_BREAKS.length && perKm2 > CROWD_BREAKS[k]!) k++;
  return k + 1;
}
