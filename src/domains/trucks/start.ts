import { startViolationsLive } from './violationsLive.ts';

/** The muck trucks' controllers, started with the others once the city's config is in (src/controllers). */
export const start = startViolationsLive;
