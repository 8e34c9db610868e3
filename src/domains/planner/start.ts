import { startPlannerAnalyses } from './plannerAnalyses.ts';
import { startPlannerController } from './plannerQuery.ts';

/** The planner's controllers, started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [startPlannerController(), startPlannerAnalyses()];
  return () => stops.forEach((stop) => stop());
}
