import type { Alarm } from './alarmBook.ts';

/**
 * Alarm-load figures after ISA-18.2 (section 16, alarm performance monitoring), from the audit
 * trail. An operator position here is a district's duty desk (区三防值班), the unit that answers
 * that district's alarms.
 */
export const LOAD_BUCKET_MS = 10 * 60_000;
/** ISA-18.2: more than 10 alarms in 10 minutes for one operator is an alarm flood. */
export const FLOOD_THRESHOLD = 10;
/** ISA-18.2: an alarm standing for more than 24 hours is stale. */
export const STALE_MS = 24 * 3600_000;
/** The events that annunciate an alarm to the operator. */
const ANNUNCIATIONS = new Set(['raise', 'realarm', 'escalate']);

export interface LoadEvent {
  at: number;
  alarm: string;
  district: string;
  event: string;
}

export interface PositionLoad {
  position: string;
  alarms: number;
  /** Average and worst count per 10 minutes over the span. */
  per10MinAvg: number;
  per10MinPeak: number;
  /** 10-minute windows in flood, and their share of the span. */
  floodWindows: number;
  floodShare: number;
}

export interface AlarmLoad {
  from: number;
  to: number;
  positions: PositionLoad[];
  /** Each 10-minute window in flood: when, where, how many. */
  floods: { position: string; start: number; alarms: number }[];
  top: { alarm: string; district: string; count: number }[];
  chattering: { alarm: string; district: string }[];
  stale: { alarm: string; district: string; since: number }[];
}

export function alarmLoad(events: readonly LoadEvent[], listed: readonly Alarm[], from: number, to: number): AlarmLoad {
  const start = Math.floor(from / LOAD_BUCKET_MS) * LOAD_BUCKET_MS;
  const buckets = Math.max(1, Math.ceil((to - start) / LOAD_BUCKET_MS));
  const perPosition = new Map<string, Uint32Array>();
  const perAlarm = new Map<string, { district: string; count: number }>();
  for (const e of events) {
    if (!ANNUNCIATIONS.has(e.event) || e.at < start || e.at > to) continue;
    let counts = perPosition.get(e.district);
    if (!counts) perPosition.set(e.district, (counts = new Uint32Array(buckets)));
    counts[Math.min(buckets - 1, Math.floor((e.at - start) / LOAD_BUCKET_MS))]!++;
    const a = perAlarm.get(e.alarm) ?? { district: e.district, count: 0 };
    a.count++;
    perAlarm.set(e.alarm, a);
  }
  const floods: AlarmLoad['floods'] = [];
  const positions = [...perPosition].map(([position, counts]): PositionLoad => {
    let total = 0;
    let peak = 0;
    let floodWindows = 0;
    counts.forEach((n, k) => {
      total += n;
      peak = Math.max(peak, n);
      if (n > FLOOD_THRESHOLD) {
        floodWindows++;
        floods.push({ position, start: start + k * LOAD_BUCKET_MS, alarms: n });
      }
    });
    return { position, alarms: total, per10MinAvg: total / buckets, per10MinPeak: peak, floodWindows, floodShare: floodWindows / buckets };
  });
  return {
    from: start,
    to,
    positions: positions.toSorted((a, b) => b.alarms - a.alarms || a.position.localeCompare(b.position)),
    floods: floods.toSorted((a, b) => a.start - b.start || a.position.localeCompare(b.position)),
    top: [...perAlarm]
      .map(([alarm, a]) => ({ alarm, district: a.district, count: a.count }))
      .toSorted((a, b) => b.count - a.count || a.alarm.localeCompare(b.alarm))
      .slice(0, 10),
    chattering: listed.filter((a) => a.chattering).map((a) => ({ alarm: a.id, district: a.district })),
    stale: listed.filter((a) => a.level > 0 && to - a.startedAt > STALE_MS).map((a) => ({ alarm: a.id, district: a.district, since: a.startedAt })),
  };
}

/** The figures as one CSV with a section column, for a spreadsheet. */
export function alarmLoadCsv(load: AlarmLoad): string {
  const rows: (string | number)[][] = [['section', 'position_or_alarm', 'value', 'detail']];
  for (const p of load.positions) rows.push(['per-10-min', p.position, p.per10MinAvg.toFixed(2), `peak ${p.per10MinPeak}; ${p.alarms} alarms; ${p.floodWindows} flood windows (${(p.floodShare * 100).toFixed(1)} %)`]);
  for (const f of load.floods) rows.push(['flood', f.position, f.alarms, new Date(f.start).toISOString()]);
  for (const t of load.top) rows.push(['top-10', t.alarm, t.count, t.district]);
  for (const c of load.chattering) rows.push(['chattering', c.alarm, 1, c.district]);
  for (const s of load.stale) rows.push(['stale', s.alarm, 1, `${s.district} since ${new Date(s.since).toISOString()}`]);
  return toCsv(rows);
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  // A leading = + - @ (but in a number), tab or CR would run as a formula in a spreadsheet
  // (OWASP, CSV injection): quote it as text. Number() skips whitespace, so tab and CR always are.
  const safe = /^[\t\r]/.test(s) || (/^[=+\-@]/.test(s) && Number.isNaN(Number(s))) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
