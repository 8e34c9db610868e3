/**
 * The five panoramas of a grid cell in Chromium, against the engine in Node on the same files: a
 * tapped cell's five tabs show exactly the figures recomputed from its records and buildings,
 * and its lists hold exactly its records, read by range request.
 */
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseTopic } from '../../src/domains/cases/contract.ts';
import { landRatios } from '../../src/domains/panorama/cellFigures.ts';
import { recordText, type RecordSet } from '../../src/domains/panorama/records.ts';
import { panoramaInArea } from '../../src/domains/panorama/areaQuery.ts';
import { queryArea } from '../../src/domains/planner/planner.ts';
import { renderedFrame, waitForCity } from '../../scripts/harness/browser.ts';
import { appPerFile, saveArtifact, storeState } from '../harness/app.ts';
import { panoramaEngine, type PanoramaEngine } from '../harness/panorama.ts';
import { until } from '../harness/wait.ts';
import { TOPIC_PREFIX } from '../../server/data/cityFiles.ts';

/** Tianhe, just north of the Zhujiang New Town CBD: a dense cell. */
const PROBE = { lon: 113.3305, lat: 23.1318 };
const TAB_LISTS: Record<string, RecordSet | null> = { people: null, enterprises: 'enterprises', land: 'parcels', objects: 'components', government: 'cases' };

// The operations service runs too: the enterprise search is its database's.
const app = appPerFile({}, { simulate: false, ops: {}, enterprises: true });
let engine: PanoramaEngine;
beforeAll(() => {
  engine = panoramaEngine();
});

describe('the five panoramas in Chromium', () => {
  it('show a tapped cell exactly the figures and records the engine computes in Node', async () => {
    const { page, watch } = await app().open(`#cam=${PROBE.lon},${PROBE.lat},2500,0,-90&layers=districts,grid,panorama`);
    await waitForCity(page);
    await until(() => storeState(page, (s) => s.panorama !== null && s.gridStats !== null), 120_000, 'panoramas and grid statistics');
    const box = (await page.locator('.city-scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const cell = engine.index.cellAt(PROBE.lon, PROBE.lat);
    await expect.poll(() => storeState(page, (s) => s.panoramaCell)).toBe(cell);
    const expected = await engine.figures(cell);
    const land = landRatios(expected);
    const want: Record<string, number> = { ...expected, 'parcels.area': land.parcelArea, 'parcels.plotRatio': land.plotRatio, 'parcels.coverage': land.coverage, 'cases.live': 0 };
    expect(expected['enterprises.count']).toBeGreaterThan(100);

    for (const [tab, set] of Object.entries(TAB_LISTS)) {
      await page.getByTestId(`panorama-tab-${tab}`).click();
      const panel = page.getByTestId(`panorama-${tab}`);
      await panel.waitFor();
      const shown = await panel.locator('[data-column]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-column')!, Number(e.getAttribute('data-value'))] as const));
      expect(shown.length, tab).toBeGreaterThanOrEqual(3);
      for (const [column, value] of shown) expect(value, `${tab}: ${column}`).toBeCloseTo(want[column]!, 9);
      if (!set) continue;
      const list = page.getByTestId('panorama-list');
      await expect.poll(() => list.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
      const records = await engine.records(set, cell);
      expect(Number(await list.getAttribute('data-total')), tab).toBe(records.length);
      const ids = await page.getByTestId('panorama-records').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(ids).toEqual(records.slice(0, 20).map((r) => ('code' in r ? r.code : r.id)));
      await renderedFrame(page);
      saveArtifact(`panorama-${tab}.png`, await page.screenshot());
    }

    // The enterprise list searched by part of a name: the same records as the engine's filter.
    await page.getByTestId('panorama-tab-enterprises').click();
    const enterprises = await engine.records('enterprises', cell);
    const word = enterprises[0]!.name.slice(2, 4);
    await page.getByTestId('panorama-search').fill(word);
    const matching = enterprises.filter((e) => recordText('enterprises', e).toLowerCase().includes(word.toLowerCase()));
    await expect.poll(async () => Number(await page.getByTestId('panorama-list').getAttribute('data-total'))).toBe(matching.length);
    expect(matching.length).toBeGreaterThan(0);

    // Close up, the records of the cells in view are drawn: the selected cell's among them.
    const points = (await until(() => storeState(page, (s) => (s.panoramaPoints?.set === 'enterprises' ? { n: s.panoramaPoints.ids.length, ids: s.panoramaPoints.ids } : null)), 30_000, 'record points'))!;
    expect(points.n).toBeGreaterThanOrEqual(enterprises.length);
    expect(enterprises.every((e) => points.ids.includes(e.code))).toBe(true);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.requests.some((u) => u.includes('enterprises.chunks'))).toBe(true);
    expect(watch.consoleErrors).toEqual([]);

    // A case reported live at the probe lands in the tapped cell; a malformed one and one outside
    // the city are refused and counted, and the good one still counts.
    await page.getByTestId('panorama-tab-government').click();
    const sim = await mqtt.connectAsync(app().live.broker.tcpUrl, { username: 'simulator', password: app().live.credentials.simulator });
    const opened = Date.now();
    const live = { id: 'AJL-e2e-1', source: 'hotline', type: 'noise', status: 'open', opened, closed: null, lon: PROBE.lon, lat: PROBE.lat };
    const rejectsBefore = (await storeState(page, (s) => s.live.rejects['bad-case'])) ?? 0;
    await sim.publishAsync(caseTopic(TOPIC_PREFIX, 'AJL-e2e-bad'), JSON.stringify({ ...live, id: 'AJL-e2e-bad', status: 'closed' }), { qos: 1 });
    await sim.publishAsync(caseTopic(TOPIC_PREFIX, 'AJL-e2e-far'), JSON.stringify({ ...live, id: 'AJL-e2e-far', lon: 116.4, lat: 39.9 }), { qos: 1 });
    await sim.publishAsync(caseTopic(TOPIC_PREFIX, live.id), JSON.stringify(live), { qos: 1, retain: true });
    await expect.poll(() => page.getByTestId('pano-cases.live').innerText(), { timeout: 30_000 }).toBe('1');
    expect(Number(await page.locator('[data-column="cases.status.open"]').getAttribute('data-value'))).toBe(expected['cases.status.open']! + 1);
    await expect.poll(() => page.getByTestId('panorama-records').locator('li').first().getAttribute('data-id')).toBe(live.id);
    await expect.poll(() => storeState(page, (s) => s.live.rejects['bad-case'] ?? 0)).toBe(rejectsBefore + 1);
    await expect.poll(() => page.getByTestId('cases-outside').innerText()).toContain('AJL-e2e-far');
    saveArtifact('panorama-live-case.png', await page.screenshot());
    await sim.publishAsync(caseTopic(TOPIC_PREFIX, live.id), '', { qos: 1, retain: true });
    await sim.endAsync();
    await page.close();
  });

  it('finds an enterprise by name or credit code in the operations service, and flies to it', async () => {
    const { page, watch } = await app().open(`#cam=113.26,23.12,20000,0,-90&layers=districts,grid,panorama`);
    await waitForCity(page);
    await until(() => storeState(page, (s) => s.panorama !== null && s.gridStats !== null), 120_000, 'panoramas and grid statistics');
    // An enterprise far from the start, in Huangpu, as the engine reads it from the files.
    const count = engine.cells.figures.column('enterprises.count');
    const grid = engine.index.grid;
    const cell = count.findIndex((n, c) => n > 0 && grid.districts[grid.district[c]!] === '440112');
    const target = (await engine.records('enterprises', cell))[0]!;
    await page.getByTestId('enterprise-query').fill(target.name);
    const hits = page.getByTestId('enterprise-hits');
    // The first search loads the register into the service's database (PGlite here) first.
    await expect.poll(() => hits.locator(`button[data-code="${target.code}"]`).count(), { timeout: 120_000 }).toBe(1);
    await hits.locator(`button[data-code="${target.code}"]`).click();
    await expect.poll(() => storeState(page, (s) => s.panoramaCell)).toBe(cell);
    const camera = await until(() => storeState(page, (s) => (s.camera && s.camera.height < 1_000 ? s.camera : null)), 60_000, 'the camera flown to the enterprise');
    // Looking at it from 900 m to the south at 45°: the camera stands 636 m south of it.
    expect(camera!.lon).toBeCloseTo(target.lon, 3);
    expect(camera!.lat).toBeCloseTo(target.lat - 636 / 110_760, 3);
    const list = page.getByTestId('panorama-list');
    await expect.poll(() => list.getAttribute('data-total'), { timeout: 30_000 }).toBe('1');
    expect(await page.getByTestId('panorama-records').locator('li').first().getAttribute('data-id')).toBe(target.code);
    await until(() => storeState(page, (s, code) => s.panoramaPoints?.ids.includes(code) ?? false, target.code), 30_000, 'its point drawn');
    await renderedFrame(page);
    saveArtifact('panorama-search.png', await page.screenshot());

    // By the start of a credit code: every hit's code starts with it.
    const prefix = target.code.slice(0, 12);
    await page.getByTestId('enterprise-query').fill(prefix);
    await expect.poll(async () => (await hits.locator('button[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).includes(target.code), { timeout: 30_000 }).toBe(true);
    const codes = await hits.locator('button[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')!));
    expect(codes.every((c) => c.startsWith(prefix))).toBe(true);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('answers an area query with what the five panoramas hold inside, as the engine does in Node', async () => {
    const { page, watch } = await app().open(`#cam=${PROBE.lon},${PROBE.lat},3000,0,-90&layers=districts,grid`);
    await waitForCity(page);
    await until(() => storeState(page, (s) => s.panorama !== null && s.gridStats !== null), 120_000, 'panoramas and grid statistics');
    await page.getByTestId('planner-switch').click();
    await page.getByTestId('tool-polygon').click();
    for (const [x, y] of [[520, 320], [780, 330], [760, 560], [540, 540]] as const) await page.mouse.click(x, y);
    await page.getByTestId('draw-finish').click();
    const shown = (await until(() => storeState(page, (s) => s.planner.result?.panorama ?? null), 60_000, 'the query over the panoramas'))!;
    const polygon = await storeState(page, (s) => s.planner.shapes[0]!.geometry);
    const area = queryArea(polygon, 0)!;
    const contents = engine.city.within(area);
    const expected = await panoramaInArea(engine.reader(), engine.city, area, contents.cells, contents.buildings);
    expect(expected.enterprises.total).toBeGreaterThan(0);
    expect(expected.people.residents + expected.people.daytime).toBeGreaterThan(0);
    expect(shown).toEqual(expected);
    const figure = async (id: string): Promise<number> => Number((await page.getByTestId(id).innerText()).replace(/,/g, ''));
    expect(await figure('query-enterprises')).toBe(expected.enterprises.total);
    expect(await figure('query-residents')).toBe(expected.people.residents);
    expect(await figure('query-open-cases')).toBe(expected.openCases);
    await page.getByTestId('query-panoramas').scrollIntoViewIfNeeded();
    await renderedFrame(page);
    saveArtifact('panorama-area-query.png', await page.screenshot());
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
