import { startFloodController } from './floodAnalysis.ts';
import { startReplayClock } from './replayClock.ts';

/** The flood's controllers (its analysis, the stream's replay), started with the others once the city's config is in (src/controllers). */
export function start(): () => void {
  const stops = [startFloodController(), startReplayClock()];
  return () => {
    for (const stop of stops) stop();
  };
}
