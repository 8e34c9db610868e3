/**
 * The sensors' readings on the page: the live feed's registry becomes the sensor table, and each
 * delta is merged into it and recorded in the replay's history.
 */
import { liveFeed } from '../../live/liveFeed.ts';
import type { LiveStart } from '../../live/liveProtocol.ts';
import { ReadingHistory } from './history.ts';
import { SensorTable } from './sensorTable.ts';

let table: SensorTable | null = null;
let history: ReadingHistory | null = null;
/** Whether the table reads the feed: once, however often the layer loads, or each delta would merge twice. */
let reading = false;

/** Starts the live feed; resolves with the table once the registry is in (readings keep flowing into it). */
export async function startSensorFeed(cmd: Omit<LiveStart, 'type'>): Promise<SensorTable> {
  if (!reading) {
    reading = true;
    liveFeed().readings({
      registry: (columns) => {
        table = new SensorTable(columns);
        history = new ReadingHistory(columns.kinds);
      },
      delta: (delta) => {
        table?.merge(delta);
        history?.record(delta);
      },
    });
  }
  await liveFeed().start(cmd);
  return table!;
}

/** The recorded readings, once the registry is in. */
export const readingHistory = (): ReadingHistory | null => history;

/** The recorded stream's extent for the replay bar: its oldest reading, its size and its span. */
export function historyExtent(): { oldest: number | null; now: number; bytes: number; spanMs: number } {
  return { oldest: history?.oldest() ?? null, now: Date.now(), bytes: history?.bytes ?? 0, spanMs: history?.span ?? 0 };
}
