import { startFloodController } from './floodAnalysis.ts';

/** The flood's controllers, started with the others once the city's config is in (src/controllers). */
export const start = startFloodController;
