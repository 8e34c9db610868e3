/**
 * What the analysis worker's handlers share: the grid, the city's engine once the statistics have
 * built it, where the buildings came from, and the readers a domain opens for another to use.
 * Worker-side only; the page never imports it.
 */
import type { CityAnalysis } from '../cityAnalysis.ts';
import type { PackedGrid } from '../gridFormat.ts';

let grid: PackedGrid | null = null;
/** Settles once the statistics request has built the engine; queries wait for it. */
let engine: Promise<CityAnalysis> | null = null;
/** Where buildings.bin came from: footprints.bin lies beside it. */
let buildingsUrl: string | null = null;
const opened = new Map<string, Promise<unknown>>();

export const workerState = {
  grid: (): PackedGrid | null => grid,
  setGrid: (g: PackedGrid): void => void (grid = g),
  setEngine: (e: Promise<CityAnalysis>, fromUrl: string | null): void => {
    engine = e;
    buildingsUrl = fromUrl;
  },
  /** The engine, or an error for a request that came before the statistics were asked for. */
  engine: (): Promise<CityAnalysis> => {
    if (!engine) throw new Error('grid statistics not requested');
    return engine;
  },
  hasEngine: (): boolean => engine !== null,
  buildingsUrl: (): string | null => buildingsUrl,
  /** A reader one domain opens (the panoramas' cells) and another's query reads, by name. */
  open: <T>(name: string, reader: Promise<T>): void => void opened.set(name, reader),
  opened: <T>(name: string): Promise<T> | null => (opened.get(name) as Promise<T> | undefined) ?? null,
};

export async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Bytes [start, end) of a file beside `base`, by HTTP range request. */
export async function fetchRange(base: string, file: string, start: number, end: number): Promise<Uint8Array> {
  const url = new URL(file, base).href;
  const res = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  if (res.status === 200) return new Uint8Array(await res.arrayBuffer()).slice(start, end); // a server that ignores ranges
  if (res.status !== 206) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
