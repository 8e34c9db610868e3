import { describe, expect, it } from 'vitest';
import { validateBytes } from 'gltf-validator';
import { extrusionGlb } from './proposals/extrusionGlb.ts';
import { glbBox } from './glbBox.ts';
import { modelFootprint, placeModel } from './proposed.ts';
import { LocalFrame } from './prisms.ts';
import { formatHash, parseHash } from '../../state/urlHash.ts';
import { decodeProposals, encodeProposals } from './hashPart.ts';

describe('proposed buildings', () => {
  const glb = extrusionGlb(
    [
      { ring: [[0, 0], [40, 0], [40, 20], [0, 20]], height: 120 },
      // An L-shaped one, wound clockwise: turned round before it is extruded.
      { ring: [[100, 0], [100, 30], [110, 30], [110, 10], [130, 10], [130, 0]], height: 30 },
    ],
    [0.1, 0.8, 0.9, 0.85],
  );

  it('extrudes footprints into a GLB that the Khronos validator passes without errors or warnings', async () => {
    const report = await validateBytes(glb, { maxIssues: 20 });
    expect(report.issues.messages.filter((m) => m.severity <= 1)).toEqual([]);
    expect(report.issues.numErrors).toBe(0);
  });

  it('reads a GLB box back in east-north-up metres', () => {
    expect(glbBox(glb)).toEqual([0, 0, 0, 130, 30, 120]);
  });

  it('refuses what is not a GLB, or a model with nothing above the ground, with a reason', () => {
    expect(() => glbBox(new TextEncoder().encode('{"asset":{"version":"2.0"}} and more text'))).toThrow(/not a GLB/);
    const broken = glb.slice();
    broken[24] = 0x7b; // corrupt the JSON's second byte
    expect(() => glbBox(broken)).toThrow(/GLB/);
    const sunk = extrusionGlb([{ ring: [[0, 0], [1, 0], [1, 1]], height: 0 }], [1, 1, 1, 1]);
    expect(() => glbBox(sunk)).toThrow(/below the ground/);
  });

  it('turns a placed model by its heading and scales it', () => {
    const at = { lon: 113.32, lat: 23.12 };
    const frame = new LocalFrame(at.lon, at.lat);
    const ring = modelFootprint({ name: 'a.glb', ...at, heading: 90, scale: 2, box: [0, 0, 0, 10, 5, 30] });
    const local = ring.map(([lon, lat]) => [Math.round(frame.x(lon) * 100) / 100, Math.round(frame.y(lat) * 100) / 100]);
    // East turns to south at a heading of 90°; north turns to east.
    expect(local).toEqual([
      [0, 0],
      [0, -20],
      [10, -20],
      [10, 0],
    ]);
    expect(placeModel('P1', { name: 'a.glb', ...at, heading: 90, scale: 2, box: [0, 0, 0, 10, 5, 30] }).height).toBe(60);
  });

  it('keeps proposals and the demolition set in the URL', () => {
    const proposed = [
      { id: 'P1', footprint: [[113.3, 23.1], [113.301, 23.1], [113.301, 23.101]] as [number, number][], height: 150, model: null },
      placeModel('P2', { name: 'tower one.glb', lon: 113.32, lat: 23.12, heading: 30, scale: 1.5, box: [-5, -5, 0, 5, 5, 80] }),
    ];
    const hash = formatHash({ proposed, demolished: ['B000123', 'B9'] });
    const { state, problems } = parseHash(hash);
    expect(problems).toEqual([]);
    expect(state.demolished).toEqual(['B000123', 'B9']);
    expect(state.proposed).toEqual(proposed);
    expect(decodeProposals('e:abc:1,2_3,4_5,6~x:1').problems).toHaveLength(2);
    expect(encodeProposals(state.proposed!)).toBe(encodeProposals(proposed));
  });
});

describe('viewpoints with proposals', () => {
  it('saves the proposals and the demolition set with a viewpoint, and keeps them when read back', async () => {
    const { useAppStore } = await import('../../state/store.ts');
    const { validViewpoints } = await import('../../state/slices/uiSlice.ts');
    const store = useAppStore.getState();
    useAppStore.setState({ camera: { lon: 113.32, lat: 23.12, height: 800, heading: 0, pitch: -40 } });
    store.extrude([[113.3, 23.1], [113.301, 23.1], [113.301, 23.101]], 150);
    store.toggleDemolished('B1');
    useAppStore.getState().saveViewpoint('tower');
    const saved = useAppStore.getState().viewpoints.find((v) => v.name === 'tower')!;
    expect(saved.plan).toEqual({ prop: encodeProposals(useAppStore.getState().proposals.proposed), demo: ['B1'] });
    const stored = JSON.parse(JSON.stringify([saved, { ...saved, name: 'broken', plan: { prop: 3 } }]));
    expect(validViewpoints(stored).map((v) => v.name)).toEqual(['tower']);
    expect(decodeProposals(saved.plan!.prop).proposed).toEqual(useAppStore.getState().proposals.proposed);
  });
});
