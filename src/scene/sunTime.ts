/** Guangzhou keeps China Standard Time, UTC+8, all year. */
const CST_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The winter solstice at noon in Guangzhou: the sun at its lowest noon, the longest shadows of the year. */
export function winterSolsticeNoon(year: number): number {
  return Date.UTC(year, 11, 21, 12) - CST_MS;
}

/** Day of the year (0-based) and minutes after midnight, in Guangzhou time. */
export function splitCst(at: number): { year: number; day: number; minute: number } {
  const local = new Date(at + CST_MS);
  const year = local.getUTCFullYear();
  const day = Math.floor((Date.UTC(year, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY_MS);
  return { year, day, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

export function joinCst(year: number, day: number, minute: number): number {
  return Date.UTC(year, 0, 1) + day * DAY_MS + minute * 60_000 - CST_MS;
}
