import { startSignsLive } from './signsLive.ts';
import { startSignThemes } from './signThemes.ts';

/** The vital signs' controllers, started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [startSignsLive(), startSignThemes()];
  return () => stops.forEach((stop) => stop());
}
