import { startCrowdLive } from './crowdLive.ts';
import { startCrowdPlan } from './crowdPlan.ts';

/** The crowds' controllers, started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [startCrowdLive(), startCrowdPlan()];
  return () => stops.forEach((stop) => stop());
}
