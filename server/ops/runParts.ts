/**
 * The domains' parts as one instance runs them (./opsPart.ts): started with the service when
 * their options are given, handed the positioned readings they want, told of the owners'
 * changes once started, reported under their names, and stopped in their folders' order.
 */
import { domainParts } from './domainParts.ts';
import type { DomainOpsOptions, DomainOpsParts, DomainOpsStats, PartContext, RunningPart } from './opsPart.ts';

export interface Parts {
  /** The running parts by name. */
  handles: Partial<DomainOpsParts>;
  wantsPosition(index: number): boolean;
  position(index: number, ts: number, lon: number, lat: number, value: number): void;
  /** Once the alarms are restored. */
  start(): Promise<void>;
  ownersChanged(): void;
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
  const positioned = parts.filter((r) => r.wantsPosition && r.position);
  // Asked once per sensor here, not on every reading: the decode path only reads a flag.
  const wanted = Uint8Array.from(ctx.registry.ids, (_, i) => (positioned.some((r) => r.wantsPosition!(i)) ? 1 : 0));
  let started = false;
  return {
    handles: Object.fromEntries(running) as Partial<DomainOpsParts>,
    wantsPosition: (i) => wanted[i] === 1,
    position: (i, ts, lon, lat, value) => {
      for (const r of positioned) if (r.wantsPosition!(i)) r.position!(i, ts, lon, lat, value);
    },
    start: async () => {
      for (const r of parts) await r.start?.();
      started = true;
    },
    ownersChanged: () => {
      if (started) for (const r of parts) void r.ownersChanged?.();
    },
    stats: () => Object.fromEntries(running.flatMap(([name, r]) => (r.stats ? [[name, r.stats()]] : []))) as DomainOpsStats,
    stop: async () => {
      for (const r of parts) await r.stop();
    },
    kill: () => {
      for (const r of parts) r.kill();
    },
  };
}
