/**
 * The planner's analyses in the built app: a proposed tower drawn and extruded through the panel,
 * its sunlight report against the engine run in Node on the same files, sight lines, a GLB placed
 * by tap, and the compare view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderedFrame, waitForCity } from '../../scripts/harness/browser.ts';
import { decodeBuildings, type BuildingRows } from '../../src/analysis/buildingsFormat.ts';
import { decodeFootprints } from '../../src/analysis/footprintsFormat.ts';
import { geodeticToEcef } from '../../src/analysis/ellipsoid.ts';
import { LocalFrame } from '../../src/domains/planner/prisms.ts';
import { runPlannerJob } from '../../src/domains/planner/plannerJobs.ts';
import { footprintOf } from '../../src/domains/planner/proposed.ts';
import { standardYear } from '../../src/domains/planner/plannerAnalyses.ts';
import { extrusionGlb } from '../../src/domains/planner/proposals/extrusionGlb.ts';
import { PERF_MARKS } from '../../src/perf/marks.ts';
import { appPerFile, saveArtifact, storeState } from '../harness/app.ts';

const app = appPerFile();
const TILES = join(import.meta.dirname, '..', '..', 'tiles', 'guangzhou');
const rows = decodeBuildings(readFileSync(join(TILES, 'buildings.bin')));
const footprints = decodeFootprints(readFileSync(join(TILES, 'footprints.bin')));

/** The building nearest a place, of any use. */
function nearestTo(r: BuildingRows, lon: number, lat: number): { id: string; lon: number; lat: number; height: number } {
  const f = new LocalFrame(lon, lat);
  let best = 0;
  for (let b = 1; b < r.count; b++) if (Math.hypot(f.x(r.lonLat[2 * b]!), f.y(r.lonLat[2 * b + 1]!)) < Math.hypot(f.x(r.lonLat[2 * best]!), f.y(r.lonLat[2 * best + 1]!))) best = b;
  return { id: r.id(best), lon: r.lonLat[2 * best]!, lat: r.lonLat[2 * best + 1]!, height: r.height[best]! };
}

/** The residential building of 20–60 m nearest a place in Tianhe: the home the tests put a tower beside. */
function homeNear(r: BuildingRows, lon: number, lat: number): { id: string; lon: number; lat: number; height: number } {
  const frame = new LocalFrame(lon, lat);
  let best = -1;
  let bestD = Infinity;
  for (let b = 0; b < r.count; b++) {
    if (r.use[b] !== 0 || r.height[b]! < 20 || r.height[b]! > 60) continue;
    const d = Math.hypot(frame.x(r.lonLat[2 * b]!), frame.y(r.lonLat[2 * b + 1]!));
    if (d < bestD) [best, bestD] = [b, d];
  }
  return { id: r.id(best), lon: r.lonLat[2 * best]!, lat: r.lonLat[2 * best + 1]!, height: r.height[best]! };
}

const home = homeNear(rows, 113.33, 23.13);
const frame = new LocalFrame(home.lon, home.lat);
const at = (x: number, y: number): string => `${frame.lon(x).toFixed(7)},${frame.lat(y).toFixed(7)}`;
/** A 70 × 24 m footprint 45 m south of the home's centre, drawn as the planner's area. */
const towerArea = `a:${[at(-35, -57), at(35, -57), at(35, -33), at(-35, -33)].join('_')}`;
const camera = `cam=${frame.lon(0).toFixed(6)},${frame.lat(-420).toFixed(6)},420,0,-38`;

async function openPlanner(page: Page, tab: 'proposals' | 'sunlight' | 'sight'): Promise<void> {
  if (!(await storeState(page, (s) => s.plannerOpen))) await page.getByTestId('planner-switch').click();
  await page.getByTestId(`planner-tab-${tab}`).click();
}

/** Waits until the proposals layer holds `models` models and every primitive is ready, then a frame. */
async function proposalsDrawn(page: Page, models: number): Promise<void> {
  await page.waitForFunction(
    ([mark, n]) => performance.getEntriesByName(mark as string).some((e) => (e as PerformanceMark).detail === n),
    [PERF_MARKS.proposalsDrawn, models],
    { timeout: 60_000, polling: 100 },
  );
  await waitForCity(page);
}

async function answerOf<K extends string>(page: Page, kind: K): Promise<void> {
  await page.waitForFunction((k) => {
    const p = window.cantonTwin!.store!.getState().proposals;
    return !p.busy && p.answer?.kind === k && p.answered === p.ask;
  }, kind, { timeout: 120_000, polling: 200 });
  await renderedFrame(page);
}

describe('planner analyses in Chromium', () => {
  it('extrudes a proposed tower and lists the facades it pushes below 3 hours on 大寒日, as the engine does in Node', async () => {
    const { page, watch } = await app().open(`#${camera}&layers=districts,water,buildings&draw=${towerArea}`);
    await waitForCity(page);
    await openPlanner(page, 'proposals');
    await page.getByTestId('extrude-height').fill('150');
    await page.getByTestId('extrude').click();
    await proposalsDrawn(page, 1);
    const proposed = await storeState(page, (s) => s.proposals.proposed);
    expect(proposed).toHaveLength(1);
    expect(proposed[0]!.height).toBe(150);
    expect(await page.evaluate(() => location.hash)).toContain('prop=e:150:');
    // Winter-solstice noon with shadows: the tower casts its shadow over the homes north of it.
    await openPlanner(page, 'sunlight');
    await page.getByTestId('winter-solstice').click();
    await renderedFrame(page);
    saveArtifact('planner-tower-shadow.png', await page.screenshot());

    await openPlanner(page, 'sunlight');
    await page.getByTestId('sun-impact').click();
    await answerOf(page, 'sunImpact');
    const answer = await storeState(page, (s) => (s.proposals.answer?.kind === 'sunImpact' ? s.proposals.answer.result : null));
    const node = runPlannerJob(rows, footprints, { proposed: proposed.map(footprintOf), demolished: [] }, { kind: 'sunImpact', rule: 'gz-dahan-3h', year: standardYear('dahan') });
    if (node.kind !== 'sunImpact') throw new Error('not an impact');
    console.log(`sunlight impact: ${node.result.facadesPushedBelow} facades, ${node.result.pointsPushedBelow} points pushed below, of ${node.result.buildings} homes (${node.result.points} points)`);
    expect(node.result.facadesPushedBelow).toBeGreaterThan(0);
    expect(node.result.rows.some((r) => r.buildingId === home.id && r.pushedBelow > 0)).toBe(true);
    expect(answer!.facadesPushedBelow).toBe(node.result.facadesPushedBelow);
    expect(answer!.pointsPushedBelow).toBe(node.result.pointsPushedBelow);
    expect(answer!.rows.map((r) => [r.buildingId, r.edge, r.pushedBelow, r.liftedAbove])).toEqual(node.result.rows.map((r) => [r.buildingId, r.edge, r.pushedBelow, r.liftedAbove]));
    expect(await page.getByTestId('impact-facades').innerText()).toBe(String(node.result.facadesPushedBelow));
    expect(await page.getByTestId('impact-rows').innerText()).toContain(home.id);
    saveArtifact('planner-sunlight-impact.png', await page.screenshot());

    // The proposed tower's own facades, drawn as points coloured by their hours.
    await openPlanner(page, 'proposals');
    await page.getByTestId('sun-P1').click();
    await answerOf(page, 'sunBuilding');
    const building = await storeState(page, (s) => (s.proposals.answer?.kind === 'sunBuilding' ? { points: s.proposals.answer.result.points, below: s.proposals.answer.result.below } : null));
    const nodeBuilding = runPlannerJob(rows, footprints, { proposed: proposed.map(footprintOf), demolished: [] }, { kind: 'sunBuilding', buildingId: 'P1', rule: 'gz-dahan-3h', year: standardYear('dahan'), state: 'proposed' });
    if (nodeBuilding.kind !== 'sunBuilding') throw new Error('not a building');
    expect(building).toEqual({ points: nodeBuilding.result.points, below: nodeBuilding.result.below });
    saveArtifact('planner-sunlight-building.png', await page.screenshot());

    // A building tapped in the scene joins the demolition set, and leaves the proposed city.
    await openPlanner(page, 'proposals');
    const gone = nearestTo(rows, frame.lon(0), frame.lat(-250));
    const [x, y, z] = geodeticToEcef(gone.lon, gone.lat, gone.height - 2);
    const at2 = await page.evaluate(([px, py, pz]) => {
      const c = window.cantonTwin!.viewer!.scene.cartesianToCanvasCoordinates({ x: px, y: py, z: pz } as never);
      return c ? { x: c.x, y: c.y } : null;
    }, [x, y, z]);
    const canvas = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(canvas.x + at2!.x, canvas.y + at2!.y);
    await expect.poll(() => storeState(page, (s) => s.selection?.featureId)).toBe(gone.id);
    await page.getByTestId('demolish').click();
    expect(await storeState(page, (s) => s.proposals.demolished)).toEqual([gone.id]);
    expect(await page.evaluate(() => location.hash)).toContain(`demo=${gone.id}`);
    expect(await page.getByTestId('demolished-list').innerText()).toContain(gone.id);

    // Today against the proposal, split down the middle: the demolished building stands on the left only.
    await page.getByTestId('compare-proposed').click();
    await expect.poll(() => page.getByTestId('swipe-divider').isVisible()).toBe(true);
    await proposalsDrawn(page, 1);
    await page.waitForFunction(() => window.cantonTwin!.store!.getState().scene.modelPending === 0, undefined, { timeout: 120_000, polling: 200 });
    await renderedFrame(page);
    saveArtifact('planner-compare.png', await page.screenshot());
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('answers line of sight, viewshed and skyline as the engine does in Node, and places a GLB by tap', async () => {
    const eye = `p:${at(0, -120)}`;
    const sight = `l:${at(0, -120)}_${at(0, 60)}`;
    const target = `a:${[at(-30, -10), at(30, -10), at(30, 30), at(-30, 30)].join('_')}`;
    const { page, watch } = await app().open(`#${camera}&layers=districts,water,buildings&draw=${[eye, sight, target].join('~')}`);
    await waitForCity(page);
    // In English: the sight tab's figures and legends must fit the panel in both languages.
    await page.getByTestId('lang-switch').click();
    await openPlanner(page, 'sight');
    const shapes = await storeState(page, (s) => s.planner.shapes.map((x) => x.geometry));

    await page.getByRole('button', { name: /^S2/ }).click();
    await page.getByTestId('sight-los').click();
    await answerOf(page, 'lineOfSight');
    const los = await storeState(page, (s) => (s.proposals.answer?.kind === 'lineOfSight' ? s.proposals.answer.result : null));
    const line = shapes[1]!;
    if (line.type !== 'LineString') throw new Error('not a line');
    const nodeLos = runPlannerJob(rows, footprints, { proposed: [], demolished: [] }, {
      kind: 'lineOfSight',
      from: { lon: line.coordinates[0]![0]!, lat: line.coordinates[0]![1]!, height: 1.6 },
      to: { lon: line.coordinates[1]![0]!, lat: line.coordinates[1]![1]!, height: 1.6 },
    });
    if (nodeLos.kind !== 'lineOfSight') throw new Error('not a line of sight');
    // The line runs from the street through the home: blocked by it.
    expect(nodeLos.result.obstruction?.buildingId).toBe(home.id);
    expect(los!.obstruction?.buildingId).toBe(home.id);
    expect(los!.obstruction!.distanceM).toBeCloseTo(nodeLos.result.obstruction!.distanceM, 6);
    expect(await page.getByTestId('los-state').innerText()).toBe('Blocked');
    saveArtifact('planner-line-of-sight.png', await page.screenshot());

    await page.getByRole('button', { name: /^S1/ }).click();
    await page.getByTestId('sight-viewshed').click();
    await page.getByTestId('view-target').selectOption('S3');
    await answerOf(page, 'viewshed');
    const view = await storeState(page, (s) => (s.proposals.answer?.kind === 'viewshed' ? { visible: s.proposals.answer.result.visible, hidden: s.proposals.answer.result.hidden, share: s.proposals.answer.result.targetShare } : null));
    const point = shapes[0]!;
    const area = shapes[2]!;
    if (point.type !== 'Point' || area.type !== 'Polygon') throw new Error('not a point and an area');
    const eyeAt = { lon: point.coordinates[0]!, lat: point.coordinates[1]!, height: 1.6 };
    const nodeView = runPlannerJob(rows, footprints, { proposed: [], demolished: [] }, { kind: 'viewshed', eye: eyeAt, heading: 0, fov: 90, rangeM: 500, cellM: 5, target: area.coordinates[0]!.slice(0, -1).map((p) => [p[0]!, p[1]!] as [number, number]) });
    if (nodeView.kind !== 'viewshed') throw new Error('not a viewshed');
    expect(view).toEqual({ visible: nodeView.result.visible, hidden: nodeView.result.hidden, share: nodeView.result.targetShare });
    expect(nodeView.result.hidden).toBeGreaterThan(0);
    // The target lies behind the home, seen from the street south of it: partly hidden.
    expect(nodeView.result.targetShare!).toBeLessThan(1);
    saveArtifact('planner-viewshed.png', await page.screenshot());

    // Hours of sun at the street corner, 1.5 m up, against the engine's.
    await openPlanner(page, 'sunlight');
    await page.getByTestId('sun-point').click();
    await answerOf(page, 'sunPoint');
    const hours = await storeState(page, (s) => (s.proposals.answer?.kind === 'sunPoint' ? s.proposals.answer.result.hours : null));
    const nodePoint = runPlannerJob(rows, footprints, { proposed: [], demolished: [] }, { kind: 'sunPoint', lon: eyeAt.lon, lat: eyeAt.lat, heightM: 1.5, rule: 'gz-dahan-3h', year: standardYear('dahan'), state: 'proposed' });
    if (nodePoint.kind !== 'sunPoint') throw new Error('not a point');
    expect(hours).toBe(nodePoint.result.hours);
    expect(await page.getByTestId('sun-point-hours').innerText()).toBe(`${nodePoint.result.hours.toLocaleString('en', { maximumFractionDigits: 2 })} h`);
    saveArtifact('planner-sunlight-point.png', await page.screenshot());

    await openPlanner(page, 'sight');
    await page.getByTestId('sight-skyline').click();
    await answerOf(page, 'skyline');
    const sky = await storeState(page, (s) => (s.proposals.answer?.kind === 'skyline' ? Array.from(s.proposals.answer.result.elevation) : null));
    const nodeSky = runPlannerJob(rows, footprints, { proposed: [], demolished: [] }, { kind: 'skyline', eye: eyeAt, rangeM: 1000, stepDeg: 0.5 });
    if (nodeSky.kind !== 'skyline') throw new Error('not a skyline');
    expect(sky).toEqual(Array.from(nodeSky.result.elevation));
    expect(await page.getByTestId('skyline-chart').isVisible()).toBe(true);
    saveArtifact('planner-skyline.png', await page.screenshot());

    // A GLB from a file, placed where the planner taps, standing in the scene as a model of its own.
    await openPlanner(page, 'proposals');
    const glb = extrusionGlb([{ ring: [[-10, -10], [10, -10], [10, 10], [-10, 10]], height: 90 }], [0.9, 0.5, 0.2, 1]);
    await page.getByTestId('import-model').setInputFiles({ name: 'tower.glb', mimeType: 'model/gltf-binary', buffer: Buffer.from(glb) });
    await expect.poll(() => page.getByTestId('placing-hint').isVisible()).toBe(true);
    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.75);
    await proposalsDrawn(page, 1);
    const placed = await storeState(page, (s) => s.proposals.proposed.map((p) => ({ name: p.model?.name, height: p.height, hasFile: Boolean(s.proposals.models[p.id]) })));
    expect(placed).toEqual([{ name: 'tower.glb', height: 90, hasFile: true }]);
    expect(await page.evaluate(() => location.hash)).toContain('prop=m:tower.glb:');
    saveArtifact('planner-model.png', await page.screenshot());
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('makes a drawn shape the active one when it is tapped in the scene, rather than selecting it', async () => {
    // Straight down over a drawn point: the point is at the middle of the screen.
    const { page, watch } = await app().open(`#cam=${frame.lon(0).toFixed(6)},${frame.lat(0).toFixed(6)},800,0,-90&layers=districts,water&draw=p:${at(0, 0)}`);
    await waitForCity(page);
    const shape = await storeState(page, (s) => ({ id: s.planner.shapes[0]?.id, active: s.planner.active }));
    expect(shape.id).toBeDefined();
    await page.evaluate(() => window.cantonTwin!.store!.getState().setPlanner({ active: null }));
    await renderedFrame(page);
    const size = page.viewportSize()!;
    await page.mouse.click(size.width / 2, size.height / 2);
    await expect.poll(() => storeState(page, (s) => s.planner.active), { timeout: 10_000 }).toBe(shape.id);
    expect(await storeState(page, (s) => s.selection)).toBeNull();
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
