import { describe, expect, it } from 'vitest';
import { latestWins } from './latestWins.ts';

/** A job whose runs resolve only when the test says so. */
function gatedJob(): { job: () => Promise<void>; runs: number[]; release: () => void; input: { value: number } } {
  const input = { value: 0 };
  const runs: number[] = [];
  let open: (() => void)[] = [];
  return {
    input,
    runs,
    job: () => {
      runs.push(input.value);
      return new Promise<void>((resolve) => open.push(resolve));
    },
    release: () => {
      const waiting = open;
      open = [];
      for (const r of waiting) r();
    },
  };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('latestWins', () => {
  it('runs one job at a time and folds the asks made meanwhile into one run with the latest input', async () => {
    const g = gatedJob();
    const ask = latestWins(g.job, () => undefined);
    ask();
    for (let v = 1; v <= 5; v++) {
      g.input.value = v;
      ask();
    }
    expect(g.runs).toEqual([0]);
    g.release();
    await settle();
    expect(g.runs).toEqual([0, 5]);
    g.release();
    await settle();
    expect(g.runs).toEqual([0, 5]);
  });

  it('reports a failed job and keeps running later asks', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const ask = latestWins(async () => {
      if (n++ === 0) throw new Error('worker gone');
    }, (e) => errors.push(e));
    ask();
    await settle();
    ask();
    await settle();
    expect(n).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['worker gone']);
  });
});
