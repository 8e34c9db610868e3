import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { clip, inOrder, parseReading, type Decoded } from '../../live/decode.ts';
import type { Indicator, SignSeries } from './catalogue.ts';

/**
 * Decodes vital-sign messages against the catalogue's series: the sensors' payload contract and
 * ordering rules (src/live/decode.ts), plus the indicator's unit. `index` in the answer is the
 * series' slot. Never throws, whatever the bytes.
 */
export class SignDecoder {
  private readonly slotOf: Map<string, number>;
  private readonly lastTs: Float64Array;

  constructor(
    private readonly series: readonly SignSeries[],
    private readonly indicators: readonly Indicator[],
    private readonly now: () => number = Date.now,
  ) {
    this.slotOf = new Map(series.map((s, k) => [s.topic, k]));
    this.lastTs = new Float64Array(series.length);
  }

  decode(topic: string, payload: Uint8Array): Decoded {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'too-large', detail: `${payload.byteLength} bytes on ${clip(topic)}` };
    const slot = this.slotOf.get(topic);
    if (slot === undefined) return { ok: false, reason: 'unknown-sign', detail: clip(topic) };
    const ind = this.indicators[this.series[slot]!.indicator]!;
    const parsed = parseReading(ind.id, payload);
    if (!parsed.ok) return parsed;
    if (parsed.reading.unit !== ind.unit) return { ok: false, reason: 'bad-schema', detail: `${ind.id}: unit ${clip(parsed.reading.unit)}, expected ${ind.unit || '(none)'}` };
    return inOrder(this.lastTs, slot, ind.id, parsed.reading, this.now());
  }
}
