import { z } from 'zod';
import { MAX_PAYLOAD_BYTES } from './contract.ts';

/**
 * The conflating relay's contract (server/mqtt/relay.ts): for deployments whose readings come
 * faster than one browser connection can take them, one MQTT client reads every sensor's topic
 * and republishes the latest reading of each sensor, many sensors per message.
 *
 * Topics:  {prefix}/batch/sensor/delta          the sensors that changed in the last window, not retained
 *          {prefix}/batch/sensor/state/{shard}   every sensor of one shard (registry order, ROWS_PER_SHARD
 *                                                a shard), retained, so that a viewer starts with the city
 * Payload: {"v": 1, "rows": [[id, ts, value, quality, lon?, lat?, heading?], …]}
 *          quality: 0 good, 1 suspect, 2 bad; a truck's row adds its WGS84 lon, lat and heading.
 * The unit is the kind's (contract.ts UNITS): the viewer knows each sensor's kind from the registry.
 */
export const BATCH_VERSION = 1;
/** At most this many rows a message: a truck's row is about 60 bytes, so a message stays under 64 KB. */
export const ROWS_PER_MESSAGE = 800;
export const ROWS_PER_SHARD = ROWS_PER_MESSAGE;
export const QUALITIES = ['good', 'suspect', 'bad'] as const;

export const batchFilter = (prefix: string): string => `${prefix}/batch/sensor/#`;
export const deltaTopic = (prefix: string): string => `${prefix}/batch/sensor/delta`;
export const stateTopic = (prefix: string, shard: number): string => `${prefix}/batch/sensor/state/${shard}`;

/** The message around the rows; each row is checked on its own, so one bad row costs only itself. */
export const batchSchema = z.object({ v: z.literal(BATCH_VERSION), rows: z.array(z.unknown()).max(ROWS_PER_MESSAGE) });

export const rowSchema = z.union([
  z.tuple([z.string().min(1).max(64), z.number().int().positive(), z.number(), z.number().int().min(0).max(2)]),
  z.tuple([z.string().min(1).max(64), z.number().int().positive(), z.number(), z.number().int().min(0).max(2), z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  z.tuple([z.string().min(1).max(64), z.number().int().positive(), z.number(), z.number().int().min(0).max(2), z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(0).max(360)]),
]);
export type BatchRow = z.infer<typeof rowSchema>;

/** Rows as messages of at most ROWS_PER_MESSAGE rows each (and under MAX_PAYLOAD_BYTES). */
export function encodeBatches(rows: readonly BatchRow[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) {
    const text = JSON.stringify({ v: BATCH_VERSION, rows: rows.slice(i, i + ROWS_PER_MESSAGE) });
    // Ids are at most 64 characters, so a full message of the longest rows would pass 64 KB: split it.
    if (text.length > MAX_PAYLOAD_BYTES) {
      const half = Math.ceil(Math.min(ROWS_PER_MESSAGE, rows.length - i) / 2);
      out.push(...encodeBatches(rows.slice(i, i + half)), ...encodeBatches(rows.slice(i + half, i + ROWS_PER_MESSAGE)));
    } else out.push(text);
  }
  return out;
}
