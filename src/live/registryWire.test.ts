import { describe, expect, it } from 'vitest';
import type { SensorProps } from './contract.ts';
import { DirtySet } from './dirtySet.ts';
import { fromWireSliced, toWire } from './registryWire.ts';

const props: SensorProps[] = [
  { id: 'WL-0001', kind: 'water-level', name: { zh: '海珠区水位站 WL-0001', en: 'Water-level gauge WL-0001, Haizhu' }, warning: 2.2, alarm: 2.8, interval: 10, cell: '440105-0012', district: '440105' },
  { id: 'MT-0001', kind: 'truck', name: { zh: '渣土车', en: 'Muck truck' }, warning: 60, alarm: 80, interval: 2, cell: null, district: '440106' },
  // Edges: a one-letter id, and an empty cell id, which must not come back as no cell.
  { id: 'X', kind: 'air-quality', name: { zh: '空', en: 'A' }, warning: -1, alarm: 0.5, interval: 30, cell: '', district: '' },
];

describe('the registry on the wire from the live worker', () => {
  it('arrives as it left: ids, kinds, names, thresholds, cells (null kept apart from empty) and positions', async () => {
    const positions = Float64Array.from([113.1, 23.1, 113.2, 23.2, 113.3, 23.3]);
    const columns = { ids: props.map((p) => p.id), kinds: props.map((p) => p.kind), props, positions, rejected: 2, examples: ['#4: kind invalid'] };
    const { wire, transfer } = toWire(columns);
    expect(transfer).toHaveLength(5);
    const back = structuredClone(wire, { transfer });
    expect((await fromWireSliced(back)).columns).toEqual(columns);
  });
});

describe('a dirty set', () => {
  it('keeps each index once, oldest first, across partial takes', () => {
    const d = new DirtySet(10_000);
    for (let i = 0; i < 9000; i++) d.add(i);
    d.add(3);
    expect(d.size).toBe(9000);
    expect(d.take(5000)).toHaveLength(5000);
    // Taken ones may come back, at the end.
    d.add(0);
    d.add(8999);
    const rest = d.take();
    expect(rest[0]).toBe(5000);
    expect(rest.at(-1)).toBe(0);
    expect(rest).toHaveLength(4001);
    expect(d.size).toBe(0);
  });
});

describe('the registry decoded in slices', () => {
  it('gives the columns whole across slice boundaries', async () => {
    const n = 25_003;
    const many: SensorProps[] = Array.from({ length: n }, (_, i) => ({ id: `TF-${i}`, kind: 'traffic', name: { zh: `交通检测器 ${i}`, en: `Detector ${i}` }, warning: 7, alarm: 9, interval: 5, cell: i % 7 === 0 ? null : `440106-${i}`, district: '440106' }));
    const columns = { ids: many.map((p) => p.id), kinds: many.map((p) => p.kind), props: many, positions: new Float64Array(2 * n), rejected: 0, examples: [] };
    const sliced = await fromWireSliced(toWire(columns).wire);
    expect(sliced.columns).toEqual(columns);
    expect(sliced.busyMs).toBeGreaterThan(0);
  });
});
