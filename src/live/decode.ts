import { MAX_FUTURE_MS, MAX_PAYLOAD_BYTES, readingSchema, UNITS, type Reading, type SensorRegistry } from './contract.ts';
import { batchSchema, QUALITIES, rowSchema } from './batchContract.ts';

/** Why a message was refused; each reason has its own counter in the diagnostics panel. */
export const REJECT_REASONS = ['too-large', 'bad-topic', 'unknown-sensor', 'not-json', 'bad-schema', 'not-finite', 'out-of-order', 'future', 'kind-mismatch', 'bad-alarm', 'bad-system-alarm', 'bad-violation', 'bad-case', 'bad-crowd', 'unknown-sign'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type Decoded =
  | { ok: true; index: number; reading: Reading }
  /** The same reading again, as a broker resends retained values after a reconnect: not an error. */
  | { ok: false; duplicate: true; index: number }
  | { ok: false; duplicate?: false; reason: RejectReason; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and validates one MQTT message against the registry. Pure apart from the per-sensor
 * last timestamp it keeps, so that a reading older than the one already applied never wins.
 * Never throws, whatever the bytes.
 */
export class Decoder {
  private readonly lastTs: Float64Array;
  private readonly sensorPrefix: string;

  constructor(
    private readonly registry: Pick<SensorRegistry, 'ids' | 'kinds' | 'indexOf'>,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.lastTs = new Float64Array(registry.ids.length);
    this.sensorPrefix = `${prefix}/sensor/`;
  }

  decode(topic: string, payload: Uint8Array): Decoded {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) return reject('too-large', `${payload.byteLength} bytes on ${clip(topic)}`);
    if (!topic.startsWith(this.sensorPrefix)) return reject('bad-topic', clip(topic));
    const parts = topic.slice(this.sensorPrefix.length).split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return reject('bad-topic', clip(topic));
    const [kind, id] = parts as [string, string];
    const index = this.registry.indexOf.get(id);
    if (index === undefined) return reject('unknown-sensor', clip(id));
    if (this.registry.kinds[index] !== kind) return reject('kind-mismatch', `${clip(id)} is ${this.registry.kinds[index]}, not ${clip(kind)}`);
    const parsed = parseReading(id, payload);
    if (!parsed.ok) return parsed;
    return inOrder(this.lastTs, index, id, parsed.reading, this.now());
  }

  /**
   * A relay's batch (batchContract.ts): every row checked like a reading of its own, so a bad row
   * is refused alone. A row older than the reading applied is superseded, not an error: a shard's
   * retained state trails the deltas that came since.
   */
  decodeBatch(topic: string, payload: Uint8Array): Decoded[] {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) return [reject('too-large', `${payload.byteLength} bytes on ${clip(topic)}`)];
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(payload));
    } catch {
      return [reject('not-json', `${clip(topic)}: ${clip(safeText(payload))}`)];
    }
    const batch = batchSchema.safeParse(json);
    if (!batch.success) return [reject('bad-schema', `${clip(topic)}: ${batch.error.issues[0]?.message ?? 'not a batch'}`)];
    const now = this.now();
    return batch.data.rows.map((raw, k): Decoded => {
      const row = rowSchema.safeParse(raw);
      if (!row.success) {
        const nonFinite = Array.isArray(raw) && raw.some((x) => typeof x === 'number' && !Number.isFinite(x));
        return reject(nonFinite ? 'not-finite' : 'bad-schema', `${clip(topic)} row ${k}: ${clip(JSON.stringify(raw) ?? String(raw))}`);
      }
      const [id, ts, value, quality, lon, lat, heading] = row.data;
      const index = this.registry.indexOf.get(id);
      if (index === undefined) return reject('unknown-sensor', clip(id));
      const reading: Reading = { ts, value, unit: UNITS[this.registry.kinds[index]!], quality: QUALITIES[quality]! };
      if (lon !== undefined && lat !== undefined) Object.assign(reading, { lon, lat }, heading === undefined ? {} : { heading });
      const d = inOrder(this.lastTs, index, id, reading, now);
      return !d.ok && !d.duplicate && d.reason === 'out-of-order' ? { ok: false, duplicate: true, index } : d;
    });
  }

  /** Forgets what was applied, for a replay from the start. */
  reset(): void {
    this.lastTs.fill(0);
  }
}

/**
 * A payload as a reading, or why not: the contract's checks that do not depend on who sent it
 * (sensors and vital signs share them). `id` names the source in the detail.
 */
export function parseReading(id: string, payload: Uint8Array): { ok: true; reading: Reading } | { ok: false; duplicate?: false; reason: RejectReason; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    return { ok: false, reason: 'not-json', detail: `${clip(id)}: ${clip(safeText(payload))}` };
  }
  const parsed = readingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const nonFinite = parsed.error.issues.some((i) => i.code === 'invalid_type' && i.expected === 'number' && typeof fieldOf(json, i.path) === 'number');
    return { ok: false, reason: nonFinite ? 'not-finite' : 'bad-schema', detail: `${clip(id)}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
  }
  return { ok: true, reading: parsed.data };
}

/**
 * Accepts a reading newer than the last one applied to slot `index` (and records it); the same
 * one again is a duplicate, an older one or one from the future a reject.
 */
export function inOrder(lastTs: Float64Array, index: number, id: string, reading: Reading, now: number): Decoded {
  const last = lastTs[index]!;
  if (reading.ts === last) return { ok: false, duplicate: true, index };
  if (reading.ts < last) return reject('out-of-order', `${clip(id)}: ${reading.ts} after ${last}`);
  if (reading.ts > now + MAX_FUTURE_MS) return reject('future', `${clip(id)}: ${new Date(reading.ts).toISOString()}`);
  lastTs[index] = reading.ts;
  return { ok: true, index, reading };
}

function reject(reason: RejectReason, detail: string): Decoded {
  return { ok: false, reason, detail };
}

function fieldOf(json: unknown, path: readonly PropertyKey[]): unknown {
  let v = json;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

function safeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, 80)).replace(/[^\x20-\x7e\u4e00-\u9fff]/g, '?');
}
