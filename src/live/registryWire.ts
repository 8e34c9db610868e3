import { SENSOR_KINDS } from './contract.ts';
import type { RegistryColumns } from './liveProtocol.ts';

/**
 * The registry from the live worker to the page as a few flat buffers. Posted as 50,000 property
 * objects, its structured clone cost the page's main thread 300–370 ms in one task (bench:live);
 * as one string, offsets and numbers, it is copied in a few milliseconds and the objects are
 * built on the page from columns.
 */
export interface RegistryWire {
  count: number;
  /** Per sensor, in order: id, Chinese name, English name, cell (empty when none), district. */
  text: string;
  ends: Uint32Array;
  kind: Uint8Array;
  hasCell: Uint8Array;
  /** Per sensor: warning, alarm, interval. */
  numbers: Float64Array;
  positions: Float64Array;
  rejected: number;
  examples: string[];
}

const STRINGS = 5;
const NUMBERS = 3;

export function toWire(r: RegistryColumns): { wire: RegistryWire; transfer: ArrayBuffer[] } {
  const n = r.ids.length;
  const parts: string[] = [];
  const ends = new Uint32Array(n * STRINGS);
  const kind = new Uint8Array(n);
  const hasCell = new Uint8Array(n);
  const numbers = new Float64Array(n * NUMBERS);
  let end = 0;
  r.props.forEach((p, i) => {
    [p.id, p.name.zh, p.name.en, p.cell ?? '', p.district].forEach((s, k) => {
      parts.push(s);
      end += s.length;
      ends[i * STRINGS + k] = end;
    });
    kind[i] = SENSOR_KINDS.indexOf(p.kind);
    hasCell[i] = p.cell === null ? 0 : 1;
    numbers.set([p.warning, p.alarm, p.interval], i * NUMBERS);
  });
  const positions = r.positions.slice();
  const wire: RegistryWire = { count: n, text: parts.join(''), ends, kind, hasCell, numbers, positions, rejected: r.rejected, examples: r.examples };
  return { wire, transfer: [ends.buffer, kind.buffer, hasCell.buffer, numbers.buffer, positions.buffer] };
}

/** Sensors decoded per slice by `fromWireSliced`: about 15 ms of the page's main thread at a time. */
const SLICE = 10_000;

/**
 * The registry's columns, decoded a slice at a time with the page's other work between slices,
 * so that a 50,000-sensor registry is no single long task; resolves with the columns and the
 * main-thread time spent.
 */
export async function fromWireSliced(w: RegistryWire): Promise<{ columns: RegistryColumns; busyMs: number }> {
  const out = emptyColumns(w);
  let busyMs = 0;
  for (let from = 0; from < w.count; from += SLICE) {
    if (from > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const t0 = performance.now();
    decodeRange(w, out, from, Math.min(w.count, from + SLICE));
    busyMs += performance.now() - t0;
  }
  return { columns: out, busyMs };
}

function emptyColumns(w: RegistryWire): RegistryColumns {
  return { ids: [], kinds: [], props: [], positions: w.positions, rejected: w.rejected, examples: w.examples };
}

function decodeRange(w: RegistryWire, out: RegistryColumns, from: number, to: number): void {
  const { ids, kinds, props } = out;
  let start = from === 0 ? 0 : w.ends[from * STRINGS - 1]!;
  const next = (j: number): string => {
    const s = w.text.slice(start, w.ends[j]);
    start = w.ends[j]!;
    return s;
  };
  for (let i = from; i < to; i++) {
    const j = i * STRINGS;
    const id = next(j);
    const name = { zh: next(j + 1), en: next(j + 2) };
    const cell = next(j + 3);
    const district = next(j + 4);
    const kind = SENSOR_KINDS[w.kind[i]!]!;
    ids.push(id);
    kinds.push(kind);
    props.push({ id, kind, name, warning: w.numbers[i * NUMBERS]!, alarm: w.numbers[i * NUMBERS + 1]!, interval: w.numbers[i * NUMBERS + 2]!, cell: w.hasCell[i] ? cell : null, district });
  }
}
