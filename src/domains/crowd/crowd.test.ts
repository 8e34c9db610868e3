import { describe, expect, it } from 'vitest';
import { importGridGeoJson } from '../../analysis/gridImport.ts';
import { GridIndex } from '../../analysis/gridIndex.ts';
import { buildCrowdModel } from './buildCrowdModel.ts';
import { CrowdModelError, decodeCrowdModel, encodeCrowdModel, type CrowdModel } from './crowdModel.ts';
import { CrowdEstimator, dayWeight, localHour, priors } from './estimate.ts';
import { addMinute, holtForecast, summarise, type VenueMinute } from './venueTrend.ts';
import { METRO_STATIONS, nearestStations, VENUES, venueCentre, venueThresholds, type Venue } from './venues.ts';
import { packRings, pointInRings } from '../../analysis/pointInPolygon.ts';
import { SignalAssembler, type SignalPart } from './contract.ts';

/** A 6 × 6 grid of square cells (about 690 m) over Zhujiang New Town, with seeded people. */
function smallCity(): { index: GridIndex; residents: Float64Array; daytime: Float64Array } {
  const [w, s, d] = [113.3, 23.1, 0.0067];
  const features = [];
  for (let j = 0; j < 6; j++)
    for (let i = 0; i < 6; i++) {
      const [x0, y0] = [w + i * d, s + j * d];
      features.push({ type: 'Feature', properties: { id: `440106-${String(j * 6 + i + 1).padStart(4, '0')}` }, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]] } });
    }
  const { grid } = importGridGeoJson({ type: 'FeatureCollection', features });
  const index = new GridIndex(grid);
  const residents = Float64Array.from({ length: 36 }, (_, c) => 1000 + ((c * 7919) % 13) * 500);
  const daytime = Float64Array.from({ length: 36 }, (_, c) => 800 + ((c * 104729) % 11) * 900);
  return { index, residents, daytime };
}

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);
const part = (at: number, k: number, counts: number[], model = 'abcdef01'): SignalPart => ({ ts: 1, at, model, part: k, parts: 2, first: k * 3, counts });

const square: Venue = { ...VENUES[0]!, rings: [[[113.316, 23.115], [113.323, 23.115], [113.323, 23.125], [113.316, 23.125], [113.316, 23.115]]] };

describe('the crowd model', () => {
  const { index, residents, daytime } = smallCity();
  const model = buildCrowdModel({ index, residents, daytime, venues: [square] });

  it('puts every cell in at least one piece and keeps every person', () => {
    const cellsSeen = new Set(model.pieceCell);
    expect(cellsSeen.size).toBe(36);
    expect(sum(model.pieceResidents)).toBeCloseTo(sum(residents), 0);
    expect(sum(model.pieceDaytime)).toBeCloseTo(sum(daytime), 0);
    expect(model.header.hexes).toBeGreaterThan(20);
    expect(Math.max(...model.pieceHex)).toBe(model.header.hexes - 1);
  });

  it('serves venue pieces by the venue’s small cells only, and the rest by macro stations', () => {
    for (let p = 0; p < model.header.pieces; p++) expect(model.siteVenue[model.pieceSite[p]!]).toBe(model.pieceVenue[p]);
    expect(Array.from(model.siteVenue).filter((v) => v === 0).length).toBeGreaterThan(1);
  });

  it('round-trips through its file, and refuses a changed byte', () => {
    const bytes = encodeCrowdModel(model);
    const back = decodeCrowdModel(bytes);
    expect(back.header).toEqual(model.header);
    expect(Array.from(back.pieceResidents)).toEqual(Array.from(model.pieceResidents));
    const broken = bytes.slice();
    broken[broken.length - 40] = broken[broken.length - 40]! ^ 0xff;
    expect(() => decodeCrowdModel(broken)).toThrow(CrowdModelError);
    expect(() => decodeCrowdModel(bytes.subarray(0, bytes.length - 8))).toThrow(/bytes/);
    expect(() => decodeCrowdModel(new TextEncoder().encode('not a model at all'))).toThrow(/magic/);
  });

  describe('estimation', () => {
    const estimator = new CrowdEstimator(model);
    const at = Date.parse('2026-12-04T12:00:00+08:00');
    /** The counts the stations would see of the expected people, plus `extra` people in the venue. */
    const countsOf = (m: CrowdModel, extra: number): number[] => {
      const prior = priors(m, at);
      const truth = new Float64Array(m.header.sites);
      const venuePieces = Array.from(m.pieceVenue).filter((v) => v === 0).length;
      for (let p = 0; p < m.header.pieces; p++) truth[m.pieceSite[p]!]! += prior[p]! + (m.pieceVenue[p] === 0 ? extra / venuePieces : 0);
      return Array.from(truth, (x) => x * m.header.phonesPerPerson);
    };

    it('gives back the expected people of each cell when the counts match them', () => {
      const e = estimator.estimate(countsOf(model, 0), at);
      const w = dayWeight(localHour(at));
      for (let c = 0; c < 36; c++) expect(e.cellPeople[c]).toBeCloseTo(residents[c]! * (1 - w) + daytime[c]! * w, -1);
      expect(e.total).toBeCloseTo(Array.from(residents, (r, c) => r * (1 - w) + daytime[c]! * w).reduce((a, b) => a + b, 0), -1);
    });

    it('shows a crowd in the venue in its count and its hexagons, and nowhere else', () => {
      const calm = estimator.estimate(countsOf(model, 0), at);
      const busy = estimator.estimate(countsOf(model, 100_000), at);
      expect(busy.venuePeople[0]! - calm.venuePeople[0]!).toBeCloseTo(100_000, -1);
      const venueHexes = new Set(Array.from(model.pieceHex).filter((_, p) => model.pieceVenue[p] === 0));
      const grew = Array.from(busy.hexPeople, (x, h) => x - calm.hexPeople[h]!);
      expect(Math.max(...grew.filter((_, h) => !venueHexes.has(h)).map(Math.abs))).toBeLessThan(1);
      expect(sum(grew.filter((_, h) => venueHexes.has(h)))).toBeCloseTo(100_000, -1);
      expect(Math.max(...busy.hexDensity)).toBeGreaterThan(Math.max(...calm.hexDensity) * 5);
    });

    it('refuses counts for another number of stations', () => {
      expect(() => estimator.estimate([1, 2, 3], at)).toThrow(RangeError);
    });
  });
});

describe('the signalling minute', () => {
  it('completes a minute from its parts in any order, and drops an older one', () => {
    const a = new SignalAssembler(5, 'abcdef01');
    expect(a.add(part(120_000, 1, [4, 5]))).toBeNull();
    expect(a.add(part(60_000, 0, [9, 9, 9]))).toBeNull();
    const done = a.add(part(120_000, 0, [1, 2, 3]));
    expect(done?.at).toBe(120_000);
    expect(Array.from(done!.counts)).toEqual([1, 2, 3, 4, 5]);
    // The minute before, completed late, is history now.
    expect(a.add(part(60_000, 1, [9, 9]))).toBeNull();
  });

  it('refuses a part counted on another model, or beyond its stations', () => {
    const a = new SignalAssembler(5, 'abcdef01');
    expect(() => a.add(part(60_000, 0, [1, 2, 3], '00000000'))).toThrow(/model/);
    expect(() => a.add(part(60_000, 1, [1, 2, 3]))).toThrow(/beyond/);
  });
});

describe('a venue’s trend', () => {
  it('forecasts a steady rise near its line, damped, and never below zero', () => {
    const rise = Array.from({ length: 30 }, (_, i) => 1000 + 100 * i);
    const f = holtForecast(rise);
    expect(f).toHaveLength(30);
    expect(f[0]).toBeGreaterThan(3900 - 50);
    expect(f[0]).toBeLessThan(4000 + 100);
    expect(f[29]).toBeLessThan(3900 + 30 * 100);
    expect(f[29]).toBeGreaterThan(f[0]!);
    expect(Math.min(...holtForecast(Array.from({ length: 30 }, (_, i) => 3000 - 200 * i)))).toBe(0);
  });

  it('measures dwell by Little’s law and footfall over the last hour', () => {
    let series: VenueMinute[] = [];
    for (let m = 0; m < 90; m++) series = addMinute(series, { at: m * 60_000, people: 1000, in: 20, out: 20 });
    const s = summarise(series)!;
    expect(s.dwellMinutes).toBe(50);
    expect(s.footfall).toBe(60 * 20);
    expect(s.people).toBe(1000);
    // A minute sent again replaces the first copy; the record keeps its last 180 minutes.
    series = addMinute(series, { at: 89 * 60_000, people: 1200, in: 20, out: 20 });
    expect(series).toHaveLength(90);
    for (let m = 90; m < 400; m++) series = addMinute(series, { at: m * 60_000, people: 1, in: 0, out: 0 });
    expect(series).toHaveLength(180);
  });
});

describe('the venues', () => {
  it('stand at their outlines, with thresholds below capacity and stations nearby', () => {
    for (const v of VENUES) {
      const [lon, lat] = venueCentre(v);
      const r = packRings(v.rings);
      expect(pointInRings(r.coords, r.ringStarts, 0, r.ringStarts.length - 1, lon, lat), v.id).toBe(true);
      const t = venueThresholds(v);
      expect(t.warning).toBeLessThan(t.alarm);
      expect(t.alarm).toBeLessThanOrEqual(v.capacity);
      for (const s of v.stations) expect(METRO_STATIONS.some((m) => m.id === s), `${v.id}: ${s}`).toBe(true);
      // Every station it names is among the nearest to it: none is across town.
      expect(nearestStations(lon, lat, 1)[0]!.metres, v.id).toBeLessThan(1500);
    }
  });

  it('finds Huacheng Avenue station nearest to Huacheng Square', () => {
    expect(nearestStations(113.3197, 23.1215, 1)[0]!.station.id).toBe('huachengdadao');
  });
});
