import { aggregate, signSeries, type Catalogue, type DerivedFeed, type Indicator, type SignSeries } from './catalogue.ts';

/**
 * The vital signs that come from the live feeds, worked out once for every screen (the operations
 * service runs this; it is pure, so tests drive it directly). It keeps the latest reading of each
 * sensor and a one-hour rain record per gauge, and the open alarms by kind and district.
 */

/** Free-flow speed and its fall with the congestion index (0 free … 10 gridlock), a BPR-like model. */
export const FREE_FLOW_KMH = 55;
export const speedFromCongestion = (index: number): number => FREE_FLOW_KMH / (1 + 0.25 * Math.max(0, index));

/** PM2.5 breakpoints of HJ 633-2012 (24-hour, µg/m³) and their IAQI. */
const PM25_C = [0, 35, 75, 115, 150, 250, 350, 500];
const IAQI = [0, 50, 100, 150, 200, 300, 400, 500];
export function pm25Iaqi(c: number): number {
  if (!(c > 0)) return 0;
  for (let k = 1; k < PM25_C.length; k++) {
    if (c <= PM25_C[k]!) return Math.round(IAQI[k - 1]! + ((IAQI[k]! - IAQI[k - 1]!) * (c - PM25_C[k - 1]!)) / (PM25_C[k]! - PM25_C[k - 1]!));
  }
  return 500;
}

/** A truck counts as on the road when it moves faster than this and reported lately. */
const MOVING_KMH = 0.5;
const TRUCK_SILENCE_MS = 3 * 60_000;
const HOUR_MIN = 60;
/** Waterlogging deeper than this counts as a point (cm). */
export const WATERLOGGING_POINT_CM = 15;

/** The sensor registry as this module reads it (src/live/contract.ts has the full one). */
export interface SensorColumns {
  kinds: readonly string[];
  /** Adcode, and expected seconds between readings. */
  props: readonly { district: string; interval: number }[];
}

export interface OpenAlarm {
  sensor: number;
  suppressed: boolean;
}

export interface DerivedValue {
  series: SignSeries;
  indicator: Indicator;
  value: number;
}

export class SignDeriver {
  readonly series: SignSeries[];
  private readonly value: Float64Array;
  private readonly ts: Float64Array;
  /** Rain fallen per gauge and minute (mm), in a ring of 60 with the minute each slot holds. */
  private readonly rainMm: Float64Array;
  private readonly rainMinute: Float64Array;
  private readonly rainSlot: Int32Array;
  private alarms: readonly OpenAlarm[] = [];
  private readonly districtOf: Int32Array;

  constructor(
    private readonly sensors: SensorColumns,
    private readonly catalogue: Pick<Catalogue, 'indicators'>,
    private readonly districts: readonly string[],
    prefix: string,
  ) {
    const n = sensors.kinds.length;
    this.series = signSeries(catalogue, districts, prefix).filter((s) => catalogue.indicators[s.indicator]!.source.kind === 'derived');
    this.value = new Float64Array(n).fill(Number.NaN);
    this.ts = new Float64Array(n);
    const d = new Map(districts.map((x, i) => [x, i]));
    this.districtOf = Int32Array.from(sensors.props, (p) => d.get(p.district) ?? -1);
    this.rainSlot = new Int32Array(n).fill(-1);
    let gauges = 0;
    sensors.kinds.forEach((k, i) => {
      if (k === 'rainfall') this.rainSlot[i] = gauges++;
    });
    this.rainMm = new Float64Array(gauges * HOUR_MIN);
    this.rainMinute = new Float64Array(gauges * HOUR_MIN).fill(-1);
  }

  /** One accepted reading (rate in mm/h for a rain gauge: the rain since its last reading is added). */
  reading(i: number, value: number, ts: number): void {
    const g = this.rainSlot[i]!;
    if (g >= 0 && this.ts[i]! > 0 && ts > this.ts[i]!) {
      // The rate held since the last reading, up to three intervals (a gap beyond that is unknown).
      const hours = Math.min(ts - this.ts[i]!, 3 * this.sensors.props[i]!.interval * 1000) / 3_600_000;
      const minute = Math.floor(ts / 60_000);
      const slot = g * HOUR_MIN + (minute % HOUR_MIN);
      if (this.rainMinute[slot] !== minute) {
        this.rainMinute[slot] = minute;
        this.rainMm[slot] = 0;
      }
      this.rainMm[slot] = this.rainMm[slot]! + Math.max(0, this.value[i]!) * hours;
    }
    this.value[i] = value;
    this.ts[i] = ts;
  }

  setAlarms(alarms: readonly OpenAlarm[]): void {
    this.alarms = alarms;
  }

  /** Rain at gauge i over the 60 minutes up to `now`, mm. */
  rainLastHour(i: number, now: number): number {
    const g = this.rainSlot[i]!;
    if (g < 0) return 0;
    const minute = Math.floor(now / 60_000);
    let mm = 0;
    for (let k = 0; k < HOUR_MIN; k++) if (this.rainMinute[g * HOUR_MIN + k]! > minute - HOUR_MIN) mm += this.rainMm[g * HOUR_MIN + k]!;
    return mm;
  }

  /** The value of one feed in each district (NaN where a district has nothing to measure). */
  private perDistrict(feed: DerivedFeed, ind: Indicator, now: number): number[] {
    const m = this.districts.length;
    const sum = new Float64Array(m);
    const count = new Float64Array(m);
    const max = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
    const { kinds, props } = this.sensors;
    const add = (d: number, v: number): void => {
      if (d < 0) return;
      sum[d] = sum[d]! + v;
      count[d] = count[d]! + 1;
      if (v > max[d]!) max[d] = v;
    };
    const fresh = (i: number): boolean => this.ts[i]! > 0 && now - this.ts[i]! <= 3 * props[i]!.interval * 1000;
    if (feed === 'open-alarms') {
      const kindsCounted = new Set(ind.source.kind === 'derived' ? ind.source.sensorKinds : undefined);
      const out = Array.from({ length: m }, () => 0);
      for (const a of this.alarms) {
        const d = this.districtOf[a.sensor] ?? -1;
        if (!a.suppressed && d >= 0 && (kindsCounted.size === 0 || kindsCounted.has(kinds[a.sensor]!))) out[d]!++;
      }
      return out;
    }
    for (let i = 0; i < kinds.length; i++) {
      const d = this.districtOf[i]!;
      const k = kinds[i]!;
      const v = this.value[i]!;
      switch (feed) {
        case 'sensors-reporting':
          add(d, fresh(i) ? 100 : 0);
          break;
        case 'max-water-level':
          if (k === 'water-level' && fresh(i)) add(d, v);
          break;
        case 'rain-last-hour':
          if (k === 'rainfall' && this.ts[i]! > 0) add(d, this.rainLastHour(i, now));
          break;
        case 'waterlogging-points':
          if (k === 'waterlogging' && fresh(i)) add(d, v > WATERLOGGING_POINT_CM ? 1 : 0);
          break;
        case 'traffic-speed':
          if (k === 'traffic' && fresh(i)) add(d, speedFromCongestion(v));
          break;
        case 'pm25-aqi':
          if (k === 'air-quality' && fresh(i)) add(d, v);
          break;
        case 'trucks-on-road':
          if (k === 'truck' && now - this.ts[i]! <= TRUCK_SILENCE_MS) add(d, v > MOVING_KMH ? 1 : 0);
          break;
      }
    }
    return Array.from({ length: m }, (_, d) => {
      if (count[d] === 0) return feed === 'waterlogging-points' || feed === 'trucks-on-road' ? 0 : Number.NaN;
      if (feed === 'max-water-level') return max[d]!;
      if (feed === 'waterlogging-points' || feed === 'trucks-on-road') return sum[d]!;
      const mean = sum[d]! / count[d]!;
      return feed === 'pm25-aqi' ? pm25Iaqi(mean) : mean;
    });
  }

  /** Every derived series' value now: districts, then the city as the indicator aggregates them. */
  compute(now: number): DerivedValue[] {
    const out: DerivedValue[] = [];
    const byIndicator = new Map<number, number[]>();
    for (const s of this.series) {
      const ind = this.catalogue.indicators[s.indicator]!;
      if (ind.source.kind !== 'derived') continue;
      let perDistrict = byIndicator.get(s.indicator);
      if (!perDistrict) {
        perDistrict = this.perDistrict(ind.source.feed, ind, now);
        byIndicator.set(s.indicator, perDistrict);
      }
      const value = s.district === null ? aggregate(ind.aggregate, perDistrict.filter(Number.isFinite)) : perDistrict[this.districts.indexOf(s.district)]!;
      if (Number.isFinite(value)) out.push({ series: s, indicator: ind, value: round(value) });
    }
    return out;
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;
