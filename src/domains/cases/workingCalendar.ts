/**
 * The working calendar that case time limits run on (GB/T 30428 counts them in working time): the
 * office hours of a working day, the weekends, and the public holidays and the weekend days
 * worked instead (调休) as the State Council announces them each year, as data. Times are epoch
 * ms; the calendar's days and hours are China Standard Time (UTC+8, no daylight saving), so the
 * count is the same wherever the service or the page runs.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CST_OFFSET_MS = 8 * 3600_000;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const calendarSchema = z
  .object({
    /** Where the holidays come from (the notice's title and date). */
    source: z.string().max(300),
    /** Office hours of a working day, in order, not overlapping: [["09:00", "12:00"], ["13:30", "17:30"]]. */
    hours: z.array(z.tuple([hhmm, hhmm])).min(1).max(4),
    /** Public holidays (放假), including the weekdays taken off in exchange. */
    holidays: z.array(isoDate).max(400),
    /** Weekend days worked in exchange (调休上班). */
    workdays: z.array(isoDate).max(100),
  })
  .refine((c) => c.hours.every(([a, b], i) => a < b && (i === 0 || c.hours[i - 1]![1] <= a)), { message: 'office hours must be in order and not overlap' });
export type CalendarData = z.infer<typeof calendarSchema>;

const minutesOf = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export class WorkingCalendar {
  private readonly periods: [number, number][];
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  /** Working minutes in a working day. */
  readonly dayMinutes: number;

  constructor(data: CalendarData) {
    this.periods = data.hours.map(([a, b]) => [minutesOf(a), minutesOf(b)]);
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
    this.dayMinutes = this.periods.reduce((sum, [a, b]) => sum + b - a, 0);
  }

  /** Whether the CST day that holds `t` is a working day. */
  isWorkingDay(t: number): boolean {
    const local = new Date(t + CST_OFFSET_MS);
    const iso = local.toISOString().slice(0, 10);
    if (this.workdays.has(iso)) return true;
    if (this.holidays.has(iso)) return false;
    const weekday = local.getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The working periods of the CST day that holds `t`, as epoch ms (none on a day off). */
  private periodsOn(t: number): [number, number][] {
    if (!this.isWorkingDay(t)) return [];
    const midnight = Math.floor((t + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
    return this.periods.map(([a, b]) => [midnight + a * MINUTE_MS, midnight + b * MINUTE_MS]);
  }

  /** The moment `minutes` working minutes after `start` (the deadline of a limit). */
  addWorkingMinutes(start: number, minutes: number): number {
    if (minutes <= 0) return start;
    let left = minutes * MINUTE_MS;
    // A limit of years of working time is a mistake in the table, not a date to compute.
    for (let day = start, guard = 0; guard < 3660; guard++, day += DAY_MS) {
      for (const [a, b] of this.periodsOn(day)) {
        const from = Math.max(a, start);
        if (from >= b) continue;
        if (from + left <= b) return from + left;
        left -= b - from;
      }
    }
    throw new RangeError(`a limit of ${minutes} working minutes reaches past ten years`);
  }

  /** Working minutes from `a` to `b` (negative when `b` is before `a`): a countdown, or how late. */
  workingMinutesBetween(a: number, b: number): number {
    if (b < a) return -this.workingMinutesBetween(b, a);
    let ms = 0;
    for (let day = a; day < b + DAY_MS; day += DAY_MS) {
      for (const [p, q] of this.periodsOn(day)) ms += Math.max(0, Math.min(q, b) - Math.max(p, a));
    }
    return ms / MINUTE_MS;
  }
}
