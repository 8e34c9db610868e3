/**
 * Work passed between instances: an instance that decodes a reading, a positioned reading a part
 * wants (./opsPart.ts) or a command for a sensor another instance owns batches it for the owner
 * and publishes the batches on the owner's route topic every ROUTE_FLUSH_MS.
 */

/** Readings and commands passed to their owner at most this often. */
export const ROUTE_FLUSH_MS = 20;

/** Per member: readings (index, value, ts), positioned readings (index, ts, lon, lat, value) and raw commands. */
interface Box {
  r: number[];
  f: number[];
  c: { t: string; p: string }[];
}

export class Outbox {
  private readonly boxes = new Map<string, Box>();

  to(member: string): Box {
    let box = this.boxes.get(member);
    if (!box) this.boxes.set(member, (box = { r: [], f: [], c: [] }));
    return box;
  }

  /** Publishes each member's batch (`publish(member, json)`) and empties the boxes. */
  flush(publish: (member: string, payload: string) => void): void {
    for (const [member, box] of this.boxes) {
      if (box.r.length === 0 && box.f.length === 0 && box.c.length === 0) continue;
      publish(member, JSON.stringify(box));
    }
    this.boxes.clear();
  }
}

export interface RouteHandlers {
  reading(index: number, value: number, ts: number): void;
  position(index: number, ts: number, lon: number, lat: number, value: number): void;
  command(topic: string, payload: Buffer): void;
}

/**
 * A batch from another instance, read defensively (the route topic is writable by the service's
 * login only, but a bad batch must not stop the instance): returns the items passed on.
 */
export function readRoute(payload: Buffer, sensors: number, commandPrefix: string, h: RouteHandlers): number {
  let box: { r?: unknown; f?: unknown; c?: unknown };
  try {
    box = JSON.parse(payload.toString('utf8')) as typeof box;
  } catch {
    return 0;
  }
  if (box === null || typeof box !== 'object') return 0;
  let items = 0;
  const isIndex = (i: unknown): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < sensors;
  const r = Array.isArray(box.r) ? (box.r as unknown[]) : [];
  for (let k = 0; k + 2 < r.length; k += 3) {
    const [i, v, ts] = [r[k], r[k + 1], r[k + 2]];
    if (isIndex(i) && typeof v === 'number' && typeof ts === 'number') {
      items++;
      h.reading(i, v, ts);
    }
  }
  const f = Array.isArray(box.f) ? (box.f as unknown[]) : [];
  for (let k = 0; k + 4 < f.length; k += 5) {
    const [i, ts, lon, lat, value] = f.slice(k, k + 5);
    if (isIndex(i) && [ts, lon, lat, value].every((x) => typeof x === 'number')) {
      items++;
      h.position(i, ts as number, lon as number, lat as number, value as number);
    }
  }
  for (const c of Array.isArray(box.c) ? (box.c as { t?: unknown; p?: unknown }[]) : []) {
    if (c !== null && typeof c === 'object' && typeof c.t === 'string' && typeof c.p === 'string' && c.t.startsWith(commandPrefix)) {
      items++;
      h.command(c.t, Buffer.from(c.p, 'utf8'));
    }
  }
  return items;
}
