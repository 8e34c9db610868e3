/**
 * The live loop cases as the map sees them. Of the broker's retained case messages (./contract.ts)
 * only those in the operations service's loop carry a `step`: those are kept, by id, merged a batch
 * at a time (the last word on a case wins, a cleared one goes). And the two things a glance at the
 * map must tell: whether a case is done, and whether a dispatched one has run past its deadline.
 * Pure, so that the slice, the layer and the info panel agree, and the tests need no scene.
 */
import { FINAL_STATES, type CaseState } from './caseLoop.ts';
import type { CaseMessage } from './contract.ts';

/** A case in the loop, as announced on the broker: its step is known. */
export type LoopCase = CaseMessage & { step: CaseState };

/** One case's latest message from the live feed (null: cleared from the broker). */
export type CaseUpdate = readonly [id: string, message: CaseMessage | null];

export const isLoopCase = (c: CaseMessage): c is LoopCase => c.step !== undefined;

/** Closed, rejected or merged: the case never moves again. */
export const isFinal = (c: LoopCase): boolean => FINAL_STATES.includes(c.step);

/** A dispatched case whose department's time ran out before `now` (a suspended one's clock is stopped). */
export const isOverdue = (c: LoopCase, now: number): boolean => c.step === 'dispatched' && typeof c.deadline === 'number' && c.deadline < now;

/**
 * The loop cases after a batch of updates, in order: the same map when nothing in it changed, so
 * that the store and the layer see no change; otherwise a new one, the old left as it was.
 */
export function mergeLoopCases(prev: ReadonlyMap<string, LoopCase>, updates: readonly CaseUpdate[]): ReadonlyMap<string, LoopCase> {
  let next: Map<string, LoopCase> | null = null;
  for (const [id, message] of updates) {
    const kept = message && isLoopCase(message) ? message : undefined;
    if ((next ?? prev).get(id) === kept) continue;
    next ??= new Map(prev);
    if (kept) next.set(id, kept);
    else next.delete(id);
  }
  return next ?? prev;
}
