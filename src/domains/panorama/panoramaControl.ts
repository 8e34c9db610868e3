import { analysis } from '../../analysis/worker/analysisClient.ts';
import { metresPerDegree } from '../../analysis/ellipsoid.ts';
import type { CameraView } from '../../config/citySchema.ts';
import { useAppStore } from '../../state/store.ts';
import { latestWins } from '../../controllers/latestWins.ts';
import type { CaseMessage } from '../cases/index.ts';
import { searchEnterprises } from './opsCalls.ts';

/** Records show on the map below this camera height. */
export const RECORDS_BELOW_M = 4_000;
/** The most records the map holds at once. */
export const MAX_POINTS = 20_000;

/** The ground box a camera looks at: around the point its view centre falls on, as wide as it is high, about. */
export function viewBox(c: CameraView): [number, number, number, number] {
  const pitch = Math.min(-10, c.pitch);
  const ahead = c.height / Math.tan((-pitch * Math.PI) / 180);
  const h = (c.heading * Math.PI) / 180;
  const mpd = metresPerDegree(c.lat);
  const lon = c.lon + (ahead * Math.sin(h)) / mpd.x;
  const lat = c.lat + (ahead * Math.cos(h)) / mpd.y;
  const half = 1.2 * c.height;
  return [lon - half / mpd.x, lat - half / mpd.y, lon + half / mpd.x, lat + half / mpd.y];
}

/**
 * The panoramas' records, read by the analysis worker as the page needs them: the open cell's
 * list, and the records of the cells in view once the camera is close. Answers for a cell or a
 * view no longer current are dropped (latest wins).
 */
export function startPanoramaSync(): () => void {
  const store = useAppStore.getState;
  const notify = (e: unknown): void => store().notify(`panorama: ${e instanceof Error ? e.message : String(e)}`);
  const readList = latestWins(async () => {
    const { panorama, panoramaCell: cell, panoramaListSet: set } = store();
    if (!panorama || cell === null) return;
    store().setCellRecords({ cell, set, state: 'loading', records: [] });
    try {
      const answer = await analysis().request({ type: 'panoramaRecords', set, cells: [cell] });
      const now = store();
      if (now.panoramaCell !== cell || now.panoramaListSet !== set) return;
      now.setCellRecords({ cell, set, state: 'ready', records: answer.cells[0]?.records ?? [] });
      if (answer.refused !== now.panoramaRefused.count) now.setPanoramaRefused(answer.refused, answer.firstProblem);
    } catch (e) {
      store().setCellRecords({ cell, set, state: 'error', records: [], error: e instanceof Error ? e.message : String(e) });
    }
  }, notify);
  const readView = latestWins(async () => {
    const { panorama, camera, panoramaPointSet: set, gridStats } = store();
    // The cells in a box come from the engine, built with the grid's statistics.
    if (!panorama || !camera || !gridStats) return;
    if (camera.height > RECORDS_BELOW_M) {
      if (store().panoramaPoints) store().setPanoramaPoints(null);
      return;
    }
    const points = await analysis().request({ type: 'panoramaInView', set, box: viewBox(camera), maxRecords: MAX_POINTS });
    if (store().camera === camera && store().panoramaPointSet === set) store().setPanoramaPoints(points);
  }, notify);
  const search = latestWins(async () => {
    const q = store().enterpriseQuery.trim();
    if (q.length < 2) return store().setEnterpriseSearch({ phase: 'idle' });
    if (store().enterpriseSearch.phase !== 'loading') store().setEnterpriseSearch({ phase: 'searching' });
    // The service loads the enterprises on the first search: ask again until they are in.
    for (;;) {
      const answer = await searchEnterprises(q);
      if (store().enterpriseQuery.trim() !== q) return;
      if (answer.state.phase === 'ready') return store().setEnterpriseSearch({ phase: 'ready', hits: answer.hits, query: q });
      if (answer.state.phase === 'error') return store().setEnterpriseSearch({ phase: 'error', error: answer.state.error });
      if (answer.state.phase === 'loading') store().setEnterpriseSearch({ phase: 'loading', loaded: answer.state.loaded, total: answer.state.total });
      await new Promise((r) => setTimeout(r, 400));
    }
  }, (e) => store().setEnterpriseSearch({ phase: 'error', error: e instanceof Error ? e.message : String(e) }));
  return useAppStore.subscribe((s, prev) => {
    if (s.enterpriseQuery !== prev.enterpriseQuery) search();
    if (s.panorama !== prev.panorama || s.panoramaCell !== prev.panoramaCell || s.panoramaListSet !== prev.panoramaListSet) readList();
    if (s.panorama !== prev.panorama || s.camera !== prev.camera || s.panoramaPointSet !== prev.panoramaPointSet || s.gridStats !== prev.gridStats) readView();
  });
}

/** Live cases that came before the analysis engine (the grid's statistics): placed once it is there. */
const waiting = new Map<string, CaseMessage>();
/** At most this many cases wait: the newest of each, as the broker's retained ones arrive at connect. */
const MAX_WAITING = 20_000;

/**
 * Live cases from the feed: each is put in its grid cell by the analysis engine, then kept in the
 * store for its cell's panorama. A case outside the grid is counted and shown as refused; a case
 * cleared from the broker (aged out, closed) stays on the page as it was last seen. Cases that
 * come before the engine does (the broker's retained ones, at connect) wait for it rather than
 * being lost: `placeWaitingCases` runs when the grid's statistics arrive.
 */
export async function acceptLiveCases(updates: [string, CaseMessage | null][]): Promise<void> {
  for (const [, c] of updates) if (c) waiting.set(c.id, c);
  while (waiting.size > MAX_WAITING) waiting.delete(waiting.keys().next().value!);
  if (useAppStore.getState().gridStats === null) return;
  await placeWaitingCases();
}

async function placeWaitingCases(): Promise<void> {
  const cases = [...waiting.values()];
  waiting.clear();
  if (cases.length === 0) return;
  const cells = await analysis().request({ type: 'cellsAt', lonLat: cases.flatMap((c) => [c.lon, c.lat]) });
  const inGrid = cases.flatMap((c, i) => (cells[i]! >= 0 ? [{ id: c.id, source: c.source, type: c.type, status: c.status, openedMs: c.opened, closedMs: c.closed, lon: c.lon, lat: c.lat, cell: cells[i]! }] : []));
  useAppStore.getState().addLiveCases(inGrid, cases.flatMap((c, i) => (cells[i]! < 0 ? [c.id] : [])));
}

/** Places the cases that waited, once the grid's statistics (and so the engine) are in. */
export function startWaitingCases(notify: (e: unknown) => void): () => void {
  return useAppStore.subscribe((s, prev) => {
    if (s.gridStats !== null && prev.gridStats === null) placeWaitingCases().catch(notify);
  });
}
