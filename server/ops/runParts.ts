/**
 * The domains' parts as one instance runs them (./opsPart.ts): started with the service when
 * their options are given, handed the readings, positioned readings, commands and retained
 * messages they take, told of the owners' changes, reported under their names, and stopped in
 * their folders' order.
 */
import { domainParts } from './domainParts.ts';
import type { DomainOpsOptions, DomainOpsParts, DomainOpsStats, PartContext, RunningPart } from './opsPart.ts';

export interface Parts {
  /** The running parts by name. */
  handles: Partial<DomainOpsParts>;
  reading(index: number, value: number, ts: number): void;
  wantsPosition(index: number): boolean;
  position(index: number, ts: number, lon: number, lat: number, value: number): void;
  command(topic: string, payload: Buffer): void;
  retainedFilters(): string[];
  retained(topic: string, payload: Buffer): void;
  restore(): Promise<void>;
  /** Once every part is restored and the owners are known. */
  start(): Promise<void>;
  ownersChanged(): void;
  forgetRetained(): void;
  republishMissing(): void;
  databaseProblem(problem: string | null): void;
  stats(): DomainOpsStats;
  stop(): Promise<void>;
  kill(): void;
}

export function startParts(o: DomainOpsOptions, ctx: PartContext): Parts {
  const running: [string, RunningPart][] = domainParts.flatMap((p) => {
    const r = p.start?.({ ...ctx, options: o });
    return r ? [[p.name, r] as [string, RunningPart]] : [];
  });
  const parts = running.map(([, r]) => r);
  const readers = parts.filter((r) => r.reading);
  const positioned = parts.filter((r) => r.wantsPosition && r.position);
  const commanders = parts.filter((r) => r.command);
  // Two parts judging the same commands would each refuse the other's.
  if (commanders.length > 1) throw new Error(`operations service: ${running.filter(([, r]) => r.command).map(([n]) => n).join(', ')} all take the operators' commands; one may`);
  // Asked once per sensor here, not on every reading: the decode path only reads a flag.
  const wanted = Uint8Array.from(ctx.registry.ids, (_, i) => (positioned.some((r) => r.wantsPosition!(i)) ? 1 : 0));
  let started = false;
  const each = (call: (r: RunningPart) => void): void => {
    for (const r of parts) call(r);
  };
  return {
    handles: Object.fromEntries(running) as Partial<DomainOpsParts>,
    reading: (i, v, ts) => {
      for (const r of readers) r.reading!(i, v, ts);
    },
    wantsPosition: (i) => wanted[i] === 1,
    position: (i, ts, lon, lat, value) => {
      for (const r of positioned) if (r.wantsPosition!(i)) r.position!(i, ts, lon, lat, value);
    },
    command: (topic, payload) => commanders[0]?.command!(topic, payload),
    retainedFilters: () => parts.flatMap((r) => r.retainedFilters?.() ?? []),
    retained: (topic, payload) => void parts.some((r) => r.retained?.(topic, payload)),
    restore: async () => {
      for (const r of parts) await r.restore?.();
    },
    start: async () => {
      for (const r of parts) await r.start?.();
      started = true;
    },
    ownersChanged: () => {
      for (const r of parts) r.ownersMoved?.();
      if (started) for (const r of parts) void r.ownersChanged?.();
    },
    forgetRetained: () => each((r) => r.forgetRetained?.()),
    republishMissing: () => each((r) => r.republishMissing?.()),
    databaseProblem: (problem) => each((r) => r.databaseProblem?.(problem)),
    stats: () => Object.fromEntries(running.flatMap(([name, r]) => (r.stats ? [[name, r.stats()]] : []))) as DomainOpsStats,
    stop: async () => {
      for (const r of parts) await r.stop();
    },
    kill: () => each((r) => r.kill()),
  };
}
