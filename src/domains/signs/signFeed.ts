/**
 * The live worker's vital signs: the catalogue loaded once it is wanted, each sign's latest value
 * kept here, and the signs that changed posted together every flush (twice a second: a wall's
 * figures need no more), so the page's cost follows the changed signs, not the message rate.
 */
import { SENSOR_KINDS } from '../../live/contract.ts';
import type { Decoded } from '../../live/decode.ts';
import type { LiveEvent } from '../../live/liveProtocol.ts';
import type { LiveSigns } from './liveTopics.ts';
import { SignDecoder } from './signDecoder.ts';
import { parseCatalogue, signSeries } from './catalogue.ts';

type Post = (event: LiveEvent, transfer?: Transferable[]) => void;

/** Loads the catalogue named by `signs`, posts it with its series, and returns the feed for `{city}/sign/…`. */
export async function loadSignFeed(signs: LiveSigns, topicPrefix: string, post: Post): Promise<SignFeed> {
  const res = await fetch(signs.catalogueUrl);
  if (!res.ok) throw new Error(`${signs.catalogueUrl}: HTTP ${res.status}`);
  const parsed = parseCatalogue(await res.json(), SENSOR_KINDS);
  if (!parsed.ok) throw new Error(`${signs.catalogueUrl}: ${parsed.refused.map((r) => `${r.entry}: ${r.message}`).join('; ')}`);
  const { themes, departments, indicators } = parsed.catalogue;
  const catalogue = { themes, departments, indicators };
  const series = signSeries(catalogue, signs.districts, topicPrefix);
  post({ type: 'catalogue', catalogue, refused: parsed.refused, series });
  return new SignFeed(new SignDecoder(series, catalogue.indicators), series.length, `${topicPrefix}/sign/`, post);
}

export class SignFeed {
  private readonly value: Float64Array;
  private readonly ts: Float64Array;
  private readonly dirty: Uint8Array;
  private dirtyList: number[] = [];

  constructor(
    private readonly decoder: SignDecoder,
    slots: number,
    /** `{city}/sign/` */
    readonly prefix: string,
    private readonly post: Post,
  ) {
    this.value = new Float64Array(slots);
    this.ts = new Float64Array(slots);
    this.dirty = new Uint8Array(slots);
  }

  /** Decodes one message; `counted` counts it in the worker's diagnostics and says whether it was accepted. */
  message(topic: string, payload: Uint8Array, counted: (d: Decoded) => d is Extract<Decoded, { ok: true }>): void {
    const d = this.decoder.decode(topic, payload);
    if (!counted(d)) return;
    this.value[d.index] = d.reading.value;
    this.ts[d.index] = d.reading.ts;
    if (!this.dirty[d.index]) {
      this.dirty[d.index] = 1;
      this.dirtyList.push(d.index);
    }
  }

  /** Posts the signs that changed since the last flush, with their latest values. */
  flush(): void {
    const k = this.dirtyList.length;
    if (k === 0) return;
    const delta = { type: 'sign-delta' as const, slot: Uint32Array.from(this.dirtyList), value: new Float64Array(k), ts: new Float64Array(k) };
    for (let j = 0; j < k; j++) {
      const i = this.dirtyList[j]!;
      delta.value[j] = this.value[i]!;
      delta.ts[j] = this.ts[i]!;
      this.dirty[i] = 0;
    }
    this.dirtyList = [];
    this.post(delta, [delta.slot.buffer, delta.value.buffer, delta.ts.buffer]);
  }
}
