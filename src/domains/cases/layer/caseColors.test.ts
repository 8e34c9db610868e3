import { describe, expect, it } from 'vitest';
import { CASE_STATES } from '../caseLoop.ts';
import type { LoopCase } from '../caseMap.ts';
import { caseLook, FINAL_ALPHA, OPEN_STEPS, OVERDUE_RING, RIM, SELECTED_RIM, STEP_COLORS } from './caseColors.ts';

/** The globe's base colour in each look (src/scene/lookSync.ts). */
const DARK_GROUND = '#061222';
const DAY_GROUND = '#dfe6ec';
const NOW = Date.parse('2026-12-04T15:00:00+08:00');
const loop = (step: LoopCase['step'], deadline: number | null = null): LoopCase => ({ id: 'A', source: 'hotline', type: 'noise', status: step === 'closed' ? 'closed' : 'open', opened: NOW - 3_600_000, closed: step === 'closed' ? NOW : null, lon: 113.33, lat: 23.13, step, department: 'water', deadline });

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].toSorted((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('the cases layer’s colours', () => {
  it('gives every step a colour, the open steps each their own, none of them the overdue red', () => {
    expect(Object.keys(STEP_COLORS).toSorted()).toEqual([...CASE_STATES].toSorted());
    expect(new Set(OPEN_STEPS.map((s) => STEP_COLORS[s])).size).toBe(OPEN_STEPS.length);
    expect(Object.values(STEP_COLORS)).not.toContain(OVERDUE_RING);
  });

  it('reads on both looks: each fill stands out of the dark look’s ground and of its own dark rim, which stands out of the day look’s', () => {
    for (const s of CASE_STATES) {
      expect(contrast(STEP_COLORS[s], DARK_GROUND), s).toBeGreaterThanOrEqual(3);
      expect(contrast(STEP_COLORS[s], RIM), s).toBeGreaterThanOrEqual(3);
    }
    expect(contrast(RIM, DAY_GROUND)).toBeGreaterThanOrEqual(3);
    expect(contrast(OVERDUE_RING, DARK_GROUND)).toBeGreaterThanOrEqual(3);
    expect(contrast(OVERDUE_RING, DAY_GROUND)).toBeGreaterThanOrEqual(3);
  });

  it('colours a case by its step, rings an overdue one red, fades a final one and enlarges the selected', () => {
    expect(caseLook(loop('reported'), NOW, false)).toEqual({ fill: STEP_COLORS.reported, alpha: 1, rim: RIM, rimWidth: 1, size: 10 });
    const late = loop('dispatched', NOW - 60_000);
    expect(caseLook(late, NOW, false)).toMatchObject({ fill: STEP_COLORS.dispatched, rim: OVERDUE_RING, rimWidth: 3 });
    // The same case a minute and a half earlier, before its deadline: no ring.
    expect(caseLook(late, NOW - 90_000, false)).toMatchObject({ rim: RIM, rimWidth: 1 });
    // Selected, an overdue case keeps its red ring.
    expect(caseLook(late, NOW, true)).toMatchObject({ rim: OVERDUE_RING, size: 15 });
    expect(caseLook(loop('filed'), NOW, true)).toMatchObject({ rim: SELECTED_RIM, rimWidth: 2, size: 15 });
    expect(caseLook(loop('closed'), NOW, false)).toMatchObject({ fill: STEP_COLORS.closed, alpha: FINAL_ALPHA, size: 7 });
  });
});
