import { describe, expect, it } from 'vitest';
import { isFinal, isLoopCase, isOverdue, mergeLoopCases, type CaseUpdate, type LoopCase } from './caseMap.ts';
import type { CaseMessage } from './contract.ts';

const OPENED = Date.parse('2026-12-04T09:00:00+08:00');

/** A case as the panoramas' simulator announces it: no step, not in the loop. */
const plain = (id: string): CaseMessage => ({ id, source: 'hotline', type: 'noise', status: 'open', opened: OPENED, closed: null, lon: 113.33, lat: 23.13 });
const loop = (id: string, step: LoopCase['step'], extra: Partial<LoopCase> = {}): LoopCase => ({ ...plain(id), step, department: null, deadline: null, ...extra });

describe('the live loop cases', () => {
  it('keeps only the cases that carry a step', () => {
    expect(isLoopCase(plain('P1'))).toBe(false);
    expect(isLoopCase(loop('L1', 'reported'))).toBe(true);
    const merged = mergeLoopCases(new Map(), [
      ['P1', plain('P1')],
      ['L1', loop('L1', 'reported')],
    ]);
    expect([...merged.keys()]).toEqual(['L1']);
  });

  it('merges a batch in order: the last word on a case wins, a cleared one goes', () => {
    const a = loop('A', 'reported');
    const b = loop('B', 'filed');
    const start = mergeLoopCases(new Map(), [
      ['A', a],
      ['B', b],
    ]);
    const dispatched = loop('A', 'dispatched', { department: 'water', deadline: OPENED + 3_600_000 });
    // Two frames' worth handed over at once, as a slow frame would.
    const batch: CaseUpdate[] = [
      ['A', loop('A', 'filed')],
      ['B', null],
      ['A', dispatched],
      ['C', loop('C', 'reported')],
      ['C', null],
    ];
    const next = mergeLoopCases(start, batch);
    expect([...next.entries()]).toEqual([['A', dispatched]]);
    // The old map is left as it was: the layer diffs the two.
    expect([...start.values()]).toEqual([a, b]);
  });

  it('hands back the same map when nothing in it changed', () => {
    const a = loop('A', 'reported');
    const start = mergeLoopCases(new Map(), [['A', a]]);
    expect(mergeLoopCases(start, [])).toBe(start);
    expect(mergeLoopCases(start, [['A', a]])).toBe(start);
    expect(mergeLoopCases(start, [['Z', null], ['P', plain('P')]])).toBe(start);
    // A case that leaves the loop (a message with no step) is no longer drawn.
    expect(mergeLoopCases(start, [['A', plain('A')]]).size).toBe(0);
  });

  it('calls a dispatched case overdue once its deadline has passed, and no other', () => {
    const deadline = OPENED + 2 * 3_600_000;
    const c = loop('A', 'dispatched', { deadline });
    expect(isOverdue(c, deadline - 1)).toBe(false);
    expect(isOverdue(c, deadline)).toBe(false);
    expect(isOverdue(c, deadline + 1)).toBe(true);
    // A suspended case's clock is stopped; a handled one is waiting for the inspector, not the department.
    expect(isOverdue(loop('A', 'suspended', { deadline }), deadline + 1)).toBe(false);
    expect(isOverdue(loop('A', 'handled', { deadline }), deadline + 1)).toBe(false);
    expect(isOverdue(loop('A', 'dispatched'), deadline + 1)).toBe(false);
  });

  it('calls closed, rejected and merged cases final', () => {
    expect(['closed', 'rejected', 'merged'].map((s) => isFinal(loop('A', s as LoopCase['step'])))).toEqual([true, true, true]);
    expect(isFinal(loop('A', 'dispatched'))).toBe(false);
  });
});
