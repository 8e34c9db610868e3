/**
 * The live worker's crowds: the signalling minutes made into people per hexagon and cell here, off
 * the main thread, and the venues' records and the gates' counts passed on at each flush. The
 * worker hands it its messages and its counters; this decodes, validates and estimates.
 */
import { latLngToCell } from 'h3-js';
import { areaWeights, type AreaWeights } from './areaWeights.ts';
import { decodeCrowdModel, type CrowdModel } from './crowdModel.ts';
import { CrowdEstimator } from './estimate.ts';
import { hexIndex, hexMesh } from './hexMesh.ts';
import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { gatesSchema, SignalAssembler, signalPartSchema, venueRecordSchema, type Gates, type VenueRecord } from './contract.ts';
import type { LiveEvent } from '../../live/liveProtocol.ts';
import type { LiveCrowd } from './liveTopics.ts';
import type { RejectReason } from '../../live/decode.ts';

/** What the feed tells the worker: an accepted message, or a refusal with its reason. */
export interface CrowdCounters {
  received(): void;
  accepted(): void;
  refused(reason: Extract<RejectReason, 'bad-crowd' | 'too-large'>, detail: string): void;
}

type Post = (event: LiveEvent, transfer?: Transferable[]) => void;

const text = new TextDecoder();

/** The crowd model, once loaded: kept across connections, for the event plans' areas too. */
let model: CrowdModel | null = null;
let hexByIndex: Map<string, number> | null = null;

/** Loads the crowd model and posts its hexagon mesh; resolves once minutes can be estimated. */
export async function loadCrowdModel(wanted: LiveCrowd, post: Post): Promise<CrowdModel> {
  const res = await fetch(wanted.modelUrl);
  if (!res.ok) throw new Error(`${wanted.modelUrl}: HTTP ${res.status}`);
  const loaded = decodeCrowdModel(new Uint8Array(await res.arrayBuffer()));
  model = loaded;
  hexByIndex = null;
  const mesh = hexMesh(loaded, wanted.heightM);
  post({ type: 'crowd-model', mesh, hexes: loaded.header.hexes, cells: loaded.header.cells, venues: loaded.header.venues }, [mesh.positions.buffer, mesh.vertexHex.buffer, mesh.indices.buffer]);
  return loaded;
}

/** Each hexagon's share of a drawn area (an event plan's perimeter); null before the model is loaded. */
export function crowdAreaWeights(ring: [number, number][]): AreaWeights | null {
  const m = model;
  if (!m) return null;
  hexByIndex ??= new Map(Array.from({ length: m.header.hexes }, (_, h) => [hexIndex(m.hexH3, h), h]));
  const byIndex = hexByIndex;
  return areaWeights(ring, (lon, lat) => byIndex.get(latLngToCell(lat, lon, m.header.res)) ?? -1);
}

/** One connection's crowd messages on `{prefix}crowd/…`. */
export class CrowdFeed {
  private readonly estimator: CrowdEstimator;
  private readonly assembler: SignalAssembler;
  private readonly venues = new Map<string, VenueRecord>();
  private gates: Gates | null = null;

  constructor(
    loaded: CrowdModel,
    /** `{city}/crowd/` */
    readonly prefix: string,
    private readonly post: Post,
    private readonly count: CrowdCounters,
  ) {
    this.estimator = new CrowdEstimator(loaded);
    this.assembler = new SignalAssembler(loaded.header.sites, loaded.header.id);
  }

  message(topic: string, payload: Uint8Array): void {
    this.count.received();
    const refuse = (detail: string): void => this.count.refused('bad-crowd', `${topic.slice(0, 96)}: ${detail}`);
    if (payload.byteLength > MAX_PAYLOAD_BYTES) return this.count.refused('too-large', `${topic}: ${payload.byteLength} bytes`);
    if (payload.byteLength === 0) return; // a cleared retained message
    let json: unknown;
    try {
      json = JSON.parse(text.decode(payload));
    } catch {
      return refuse('not JSON');
    }
    const rest = topic.slice(this.prefix.length);
    if (rest === 'gates') {
      const r = gatesSchema.safeParse(json);
      if (!r.success) return refuse(r.error.issues[0]?.message ?? 'invalid');
      this.count.accepted();
      this.gates = r.data;
      return;
    }
    if (rest.startsWith('venue/')) {
      const r = venueRecordSchema.safeParse(json);
      if (!r.success || r.data.id !== rest.slice(6)) return refuse(r.success ? 'id differs from its topic' : (r.error.issues[0]?.message ?? 'invalid'));
      this.count.accepted();
      this.venues.set(r.data.id, r.data);
      return;
    }
    const r = signalPartSchema.safeParse(json);
    if (!r.success || !rest.startsWith('signal/')) return refuse(r.success ? 'unknown crowd topic' : (r.error.issues[0]?.message ?? 'invalid'));
    let minute: ReturnType<SignalAssembler['add']>;
    try {
      minute = this.assembler.add(r.data);
    } catch (e) {
      return refuse(e instanceof Error ? e.message : String(e));
    }
    this.count.accepted();
    if (!minute) return;
    const e = this.estimator.estimate(minute.counts, minute.at);
    this.post({ type: 'crowd-minute', at: minute.at, ts: r.data.ts, hexDensity: e.hexDensity, cellDensity: e.cellDensity, cellPeople: e.cellPeople, venuePeople: e.venuePeople, total: e.total }, [
      e.hexDensity.buffer,
      e.cellDensity.buffer,
      e.cellPeople.buffer,
      e.venuePeople.buffer,
    ]);
  }

  /** Posts the venues' records and the gates' counts that came since the last flush. */
  flush(): void {
    if (this.venues.size === 0 && !this.gates) return;
    this.post({ type: 'crowd-updates', venues: [...this.venues], gates: this.gates });
    this.venues.clear();
    this.gates = null;
  }
}
