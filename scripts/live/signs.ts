/**
 * The departments' own vital signs, simulated: every `simulated` indicator of the catalogue as a
 * seeded series, published retained on `{prefix}/sign/{theme}/{id}[/{adcode}]` under the sensors'
 * payload contract, each at its cadence. A district-level indicator publishes each district's
 * value and the city's, which is their aggregate at the same moment (so the two always agree).
 *
 * Values are pure functions of (seed, indicator, district, time), so tests can check them
 * without a broker; the daily swing follows the wall clock, so a restart carries on where it was.
 */
import type { MqttClient } from 'mqtt';
import { aggregate, signSeries, type Catalogue, type Indicator } from '../../src/domains/signs/catalogue.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';

type Simulated = Extract<Indicator['source'], { kind: 'simulated' }>;

const DAY_S = 86_400;
const unit = (seed: number, a: number, b: number): number => mulberry32(cellSeed(seed, a, b))();

/** Each district's share of a city-wide count, fixed by the seed. */
export function districtShares(seed: number, count: number): number[] {
  const w = Array.from({ length: count }, (_, d) => 0.4 + unit(seed, d, 97));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/**
 * One series' value at time `t` (s since the epoch): the mean, a daily swing, noise that changes
 * once per report, and for the seeded drifting districts a level inside the warning band.
 */
export function simulatedValue(ind: Indicator, src: Simulated, i: number, district: number, shares: readonly number[], t: number, seed: number): number {
  const phase = unit(seed, i, 1) * 2 * Math.PI;
  const tick = Math.floor(t / ind.cadenceS);
  const noise = (unit(seed ^ tick, i, district + 7) * 2 - 1) * src.noise;
  const sum = ind.aggregate === 'sum';
  const scale = district < 0 ? 1 : sum ? shares[district]! : 0.92 + 0.16 * unit(seed, i, district + 31);
  let v = scale * (src.base + src.amplitude * Math.sin((2 * Math.PI * t) / DAY_S + phase)) + noise;
  const drifting = src.drift > 0 && unit(seed, i, (sum ? -1 : district) + 61) < src.drift;
  if (drifting && (!sum || district < 0)) {
    const { warning, alarm } = ind.bands;
    v = warning + (alarm - warning) * (0.25 + 0.3 * unit(seed ^ tick, i, 5));
    if (sum && district >= 0) v *= shares[district]!;
  }
  if (src.min !== undefined) v = Math.max(src.min, v);
  if (src.max !== undefined) v = Math.min(src.max, v);
  return Number(v.toFixed(src.decimals));
}

export interface SignSimulator {
  published(): number;
  stop(): void;
}

/** First reports are spread over this long, so that 11,000 retained values do not land at once. */
const SPREAD_S = 3;
const TICK_MS = 50;

export function startSignSimulator(client: MqttClient, o: { catalogue: Catalogue; districts: readonly string[]; prefix: string; seed?: number; now?: () => number }): SignSimulator {
  const seed = o.seed ?? 1;
  const now = o.now ?? Date.now;
  const { catalogue, districts } = o;
  const shares = districtShares(seed, districts.length);
  const series = signSeries(catalogue, districts, o.prefix).filter((s) => catalogue.indicators[s.indicator]!.source.kind === 'simulated');
  const districtIndex = new Map(districts.map((d, i) => [d, i]));
  const nextDue = new Float64Array(series.length);
  const reportAll = (): void => {
    const t = now() / 1000;
    series.forEach((_, k) => (nextDue[k] = t + (k / series.length) * SPREAD_S));
  };
  reportAll();
  client.on('connect', reportAll);
  let sent = 0;
  const valueOf = (k: number, t: number): number => {
    const s = series[k]!;
    const ind = catalogue.indicators[s.indicator]!;
    const src = ind.source as Simulated;
    if (s.district !== null || ind.level === 'city') return simulatedValue(ind, src, s.indicator, s.district === null ? -1 : districtIndex.get(s.district)!, shares, t, seed);
    // A district-level indicator's city value is the aggregate of its districts' at the same moment.
    const values = districts.map((_, d) => simulatedValue(ind, src, s.indicator, d, shares, t, seed));
    return Number(aggregate(ind.aggregate, values).toFixed(src.decimals));
  };
  const timer = setInterval(() => {
    if (!client.connected) return;
    const nowMs = now();
    const t = nowMs / 1000;
    for (let k = 0; k < series.length; k++) {
      if (nextDue[k]! > t) continue;
      const ind = catalogue.indicators[series[k]!.indicator]!;
      client.publish(series[k]!.topic, JSON.stringify({ ts: nowMs, value: valueOf(k, t), unit: ind.unit, quality: 'good' }), { qos: 0, retain: true });
      sent++;
      nextDue[k] = Math.max(nextDue[k]! + ind.cadenceS, t);
    }
  }, TICK_MS);
  return { published: () => sent, stop: () => clearInterval(timer) };
}
