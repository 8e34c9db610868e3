/**
 * The default city's five panoramas, generated to agree with its buildings and street blocks:
 *
 * - enterprises sit in office, shop and factory buildings, as many as their floor area holds,
 *   each with a valid unified social credit code of its building's district;
 * - parcels are the street blocks, their land use from what was built on them, their plot ratio
 *   and coverage from those buildings;
 * - city components stand along the streets around the blocks;
 * - public service points occupy public, school, shop and housing buildings;
 * - governance cases of the 30 days before `asOfMs`, where people live and shop.
 *
 * Deterministic: the same seed gives the same records on every machine.
 */
import { area as turfArea, polygon } from '@turf/turf';
import type { BuildingRows } from '../../src/analysis/buildingsFormat.ts';
import { BUILDING_USES } from '../../src/analysis/buildingUses.ts';
import { makeCreditCode, CODE_CHARSET } from '../../src/domains/panorama/creditCode.ts';
import type { CaseSource, CaseType, ComponentStatus, ComponentType, EnterpriseSize, EnterpriseStatus, IndustryCode, LandUse, ServiceType } from '../../src/domains/panorama/classes.ts';
import type { RowOf } from '../../src/domains/panorama/records.ts';
import { metresPerDegree } from '../../src/analysis/ellipsoid.ts';
import type { CityParcel, Typology } from '../city/generateBuildings.ts';
import { between, mulberry32, pick, type Random } from '../city/random.ts';
import { GUANGZHOU_DISTRICTS } from '../basemap/districts.ts';

export interface PanoramaOptions {
  seed: number;
  enterprises: number;
  components: number;
  cases: number;
  asOfMs: number;
}

/** 2026-12-01 00:00 Beijing time: the day the default's records describe. */
export const DEFAULT_AS_OF_MS = Date.UTC(2026, 10, 30, 16);
export const DEFAULT_PANORAMA: Omit<PanoramaOptions, 'seed'> = { enterprises: 500_000, components: 500_000, cases: 120_000, asOfMs: DEFAULT_AS_OF_MS };

export interface GeneratedRecords {
  enterprises: RowOf<'enterprises'>[];
  parcels: RowOf<'parcels'>[];
  components: RowOf<'components'>[];
  services: RowOf<'services'>[];
  cases: RowOf<'cases'>[];
}

const USE = Object.fromEntries(BUILDING_USES.map((u, i) => [u, i])) as Record<(typeof BUILDING_USES)[number], number>;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Enterprises per m² of floor area, by building use, and the industries each use houses. */
const ENTERPRISE_DENSITY: Partial<Record<(typeof BUILDING_USES)[number], { perM2: number; industries: Partial<Record<IndustryCode, number>> }>> = {
  office: { perM2: 1 / 150, industries: { I: 16, L: 20, M: 12, J: 6, K: 6, F: 18, E: 5, R: 4, O: 3, G: 4, S: 1, P: 2, Q: 1, N: 1, T: 0.05 } },
  commercial: { perM2: 1 / 250, industries: { F: 45, H: 20, O: 12, R: 6, L: 6, K: 3, Q: 3, P: 3, I: 2 } },
  industrial: { perM2: 1 / 1200, industries: { C: 60, G: 15, E: 8, F: 10, D: 2, N: 2, A: 2, B: 1 } },
};
const INDUSTRY_WORDS: Record<IndustryCode, string[]> = {
  A: ['农业发展', '水产养殖', '花卉园艺'], B: ['矿业', '石材'], C: ['机械制造', '电子', '五金制品', '塑料制品', '服装', '食品', '家具', '精密仪器', '汽车零部件'],
  D: ['能源', '燃气', '供水'], E: ['建筑工程', '装饰工程', '市政工程'], F: ['贸易', '商贸', '百货', '建材', '医药', '电器'], G: ['物流', '运输', '货运代理', '供应链'],
  H: ['餐饮管理', '酒店管理', '茶餐厅', '食府'], I: ['科技', '网络科技', '软件', '信息技术', '数据服务'], J: ['投资', '资产管理', '融资租赁'], K: ['房地产开发', '物业管理', '置业'],
  L: ['商务服务', '企业管理咨询', '广告', '人力资源', '会展服务'], M: ['技术研究', '设计', '检测', '工程咨询'], N: ['环保', '园林绿化', '环境治理'], O: ['家政服务', '汽车维修', '美容美发'],
  P: ['教育咨询', '培训'], Q: ['医疗管理', '健康管理', '养老服务'], R: ['文化传播', '体育发展', '影视'], S: ['社会工作服务', '公益服务'], T: ['国际交流'],
};
const TRADE_CHARS = '穗粤华恒丰泰嘉盛兴隆鑫源达宏信诚德瑞祥新锐创智联海天云星辰南越珠江岭秀羊城白云番禺花都流花荔湾东方明远博雅卓越尚品汇金银铭志腾骏凯晟昊宇航阳光永安富利和美康健益民启晨逸景博通'.replace(/(.)(?=.*\1)/g, '');
const SIZE_WEIGHTS: Record<EnterpriseSize, number> = { micro: 78, small: 17, medium: 4, large: 1 };
const STATUS_WEIGHTS: Record<EnterpriseStatus, number> = { operating: 87, deregistered: 9, abnormal: 4 };
/** Registered capital by size, 万元: log-uniform between these. */
const CAPITAL: Record<EnterpriseSize, [number, number]> = { micro: [3, 100], small: [100, 1000], medium: [1000, 10_000], large: [10_000, 500_000] };

const COMPONENT_WEIGHTS: Record<ComponentType, number> = { '0101': 45, '0102': 28, '0103': 10, '0104': 10, '0201': 4, '0301': 3 };
const COMPONENT_STATUS_WEIGHTS: Record<ComponentStatus, number> = { intact: 93, damaged: 5, missing: 2 };
const CASE_TYPE_WEIGHTS: Record<CaseType, number> = { noise: 18, vending: 14, dumping: 15, construction: 6, component: 12, sanitation: 16, waterlogging: 5, parking: 14, crowding: 0, muck: 0 };
const CASE_SOURCE_WEIGHTS: Record<CaseSource, number> = { hotline: 60, inspector: 40, rule: 0 };

/** Parcels' land use by the typology built on them; unbuilt blocks are green space, transport or utilities. */
function landUseOf(rnd: Random, typology: Typology | null): LandUse {
  switch (typology) {
    case 'towers':
    case 'oldtown':
    case 'village':
      return 'R';
    case 'cbd':
    case 'commercial':
      return 'B';
    case 'industrial':
      return rnd() < 0.8 ? 'M' : 'W';
    case 'public':
      return 'A';
    case null:
      return pick(rnd, { G: 70, S: 15, U: 15 });
  }
}

/** Chooses an index with probability proportional to `weights` (cumulative, ascending). */
function weightedIndex(rnd: Random, cumulative: Float64Array): number {
  const r = rnd() * cumulative[cumulative.length - 1]!;
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}

export interface PanoramaInputs {
  buildings: BuildingRows;
  /** District adcode of each building, '' where unknown. */
  buildingDistrict: (i: number) => string;
  /** Each building's floors, by id (footprint = floor area / floors). */
  floorsOf: (id: string) => number;
  parcels: CityParcel[];
  /** The grid cell of a point, -1 outside: components are placed only inside, records stay in their building's cell. */
  cellAt: (lon: number, lat: number) => number;
}

/** Where records go: a building's position, a point near it in the same cell, and the districts' names. */
interface Placing {
  inputs: PanoramaInputs;
  mpd: { x: number; y: number };
  at(i: number): [number, number];
  /** A point up to `m` metres from (lon, lat), in the same grid cell (else the point itself), so that a record keeps its building's cell and district. */
  jitter(rnd: Random, lon: number, lat: number, m: number): [number, number];
  districtZh: Map<string, string>;
}

function placing(inputs: PanoramaInputs): Placing {
  const { buildings } = inputs;
  const mpd = metresPerDegree(23.1);
  return {
    inputs,
    mpd,
    at: (i) => [buildings.lonLat[2 * i]!, buildings.lonLat[2 * i + 1]!],
    jitter: (rnd, lon, lat, m) => {
      const p: [number, number] = [round6(lon + between(rnd, -m, m) / mpd.x), round6(lat + between(rnd, -m, m) / mpd.y)];
      return inputs.cellAt(...p) === inputs.cellAt(lon, lat) ? p : [round6(lon), round6(lat)];
    },
    districtZh: new Map(GUANGZHOU_DISTRICTS.map((d) => [d.adcode, d.zh])),
  };
}

/** Enterprises, in buildings of the uses that hold them, as many per floor area as the use has. */
function enterprisesOf({ inputs, at, jitter, districtZh }: Placing, o: PanoramaOptions): RowOf<'enterprises'>[] {
  const { buildings } = inputs;
  const rnd = mulberry32(o.seed);
  const eligible: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < buildings.count; i++) {
    const use = BUILDING_USES[buildings.use[i]!]!;
    const d = ENTERPRISE_DENSITY[use];
    if (d && inputs.buildingDistrict(i)) {
      eligible.push(i);
      weights.push(buildings.floorArea[i]! * d.perM2);
    }
  }
  const cumulative = cumulativeOf(weights);
  const names = new Set<string>();
  const codes = new Set<string>();
  const enterprises: RowOf<'enterprises'>[] = [];
  for (let k = 0; k < o.enterprises && eligible.length > 0; k++) {
    const b = eligible[weightedIndex(rnd, cumulative)]!;
    const use = BUILDING_USES[buildings.use[b]!]!;
    const industry = pick(rnd, ENTERPRISE_DENSITY[use]!.industries as Record<IndustryCode, number>);
    const size = pick(rnd, SIZE_WEIGHTS);
    const status = pick(rnd, STATUS_WEIGHTS);
    const [lo, hi] = CAPITAL[size];
    const capital = Math.max(1, Math.round(lo * (hi / lo) ** rnd()));
    const district = inputs.buildingDistrict(b);
    const form = size === 'large' && rnd() < 0.5 ? '股份有限公司' : '有限公司';
    const words = INDUSTRY_WORDS[industry];
    let name: string;
    do {
      const trade = Array.from({ length: rnd() < 0.6 ? 2 : 3 }, () => TRADE_CHARS[Math.floor(rnd() * TRADE_CHARS.length)]).join('');
      name = `广州${rnd() < 0.3 ? `市${(districtZh.get(district) ?? '').replace(/区$/, '')}` : ''}${trade}${words[Math.floor(rnd() * words.length)]}${form}`;
    } while (names.has(name));
    names.add(name);
    let code: string;
    do {
      // Codes issued since 2015 carry "MA" organisation codes; older ones a converted numeric code.
      const body = rnd() < 0.7 ? `MA${Array.from({ length: 6 }, () => CODE_CHARSET[Math.floor(rnd() * CODE_CHARSET.length)]).join('')}` : String(Math.floor(rnd() * 1e8)).padStart(8, '0');
      code = makeCreditCode('9', '1', district, body);
    } while (codes.has(code));
    codes.add(code);
    const [lon, lat] = jitter(rnd, ...at(b), 8);
    enterprises.push([code, name, industry, size, status, capital, buildings.id(b), lon, lat]);
  }

  return enterprises;
}

/** Parcels, with plot ratio and coverage from their buildings. */
function parcelsOf({ inputs }: Placing): RowOf<'parcels'>[] {
  const { buildings } = inputs;
  const rowOf = new Map<string, number>();
  for (let i = 0; i < buildings.count; i++) rowOf.set(buildings.id(i), i);
  const parcels: RowOf<'parcels'>[] = [];
  const serial = new Map<string, number>();
  for (const p of inputs.parcels) {
    const prnd = mulberry32(p.seed ^ 0x9e3779b9);
    const areaM2 = turfArea(polygon([p.ring]));
    if (!(areaM2 > 100)) continue;
    let floor = 0;
    let footprint = 0;
    for (const f of p.buildings) {
      const row = rowOf.get(f.properties.id);
      if (row === undefined) continue;
      floor += buildings.floorArea[row]!;
      footprint += buildings.floorArea[row]! / Math.max(1, inputs.floorsOf(f.properties.id));
    }
    const n = (serial.get(p.district) ?? 0) + 1;
    serial.set(p.district, n);
    parcels.push([`DK${p.district}-${String(n).padStart(5, '0')}`, landUseOf(prnd, p.typology), Math.round(areaM2), Math.round((floor / areaM2) * 100) / 100, Math.min(1, Math.round((footprint / areaM2) * 1000) / 1000), p.ring.flatMap(([x, y]) => [round6(x), round6(y)])]);
  }

  return parcels;
}

/** Components along the streets: spaced evenly around every parcel, 5 m out into the street. */
function componentsOf({ inputs, mpd }: Placing, parcels: RowOf<'parcels'>[], o: PanoramaOptions): RowOf<'components'>[] {
  const crnd = mulberry32(o.seed ^ 0x2545f491);
  const edgeM = (ring: number[], i: number): number => Math.hypot((ring[i + 2]! - ring[i]!) * mpd.x, (ring[i + 3]! - ring[i + 1]!) * mpd.y);
  let perimeter = 0;
  for (const p of parcels) for (let i = 0; i + 3 < p[5].length; i += 2) perimeter += edgeM(p[5], i);
  // A little closer than the perimeter needs, for the few points that fall outside the grid.
  const spacing = perimeter / (o.components * 1.01);
  const components: RowOf<'components'>[] = [];
  let carry = 0;
  for (const p of parcels) {
    const ring = p[5];
    // Outward is to the right of a counter-clockwise ring.
    let signed = 0;
    for (let i = 0; i + 3 < ring.length; i += 2) signed += ring[i]! * ring[i + 3]! - ring[i + 2]! * ring[i + 1]!;
    const out = signed > 0 ? 1 : -1;
    for (let i = 0; i + 3 < ring.length && components.length < o.components; i += 2) {
      const len = edgeM(ring, i);
      const ex = ((ring[i + 2]! - ring[i]!) * mpd.x) / len;
      const ey = ((ring[i + 3]! - ring[i + 1]!) * mpd.y) / len;
      let s = carry;
      for (; s < len && components.length < o.components; s += spacing) {
        const x = ring[i]! + (ex * s + out * ey * 5) / mpd.x;
        const y = ring[i + 1]! + (ey * s - out * ex * 5) / mpd.y;
        const type = pick(crnd, COMPONENT_WEIGHTS);
        if (inputs.cellAt(x, y) < 0) continue;
        components.push([`BJ${type}-${String(components.length + 1).padStart(7, '0')}`, type, pick(crnd, COMPONENT_STATUS_WEIGHTS), round6(x), round6(y)]);
      }
      carry = s - len;
    }
  }

  return components;
}

/** Public service points in buildings of the fitting use. */
function servicesOf({ inputs, at, jitter, districtZh }: Placing, o: PanoramaOptions): RowOf<'services'>[] {
  const { buildings } = inputs;
  const srnd = mulberry32(o.seed ^ 0x68e31da4);
  const ofUse = (uses: string[]): number[] => {
    const out: number[] = [];
    for (let i = 0; i < buildings.count; i++) if (uses.includes(BUILDING_USES[buildings.use[i]!]!) && inputs.buildingDistrict(i)) out.push(i);
    return out;
  };
  const plan: { type: ServiceType; uses: string[]; count: number | 'all'; label: (district: string, n: number) => string }[] = [
    { type: 'hall', uses: ['public'], count: 180, label: (d, n) => `${d}第${n}政务服务中心` },
    { type: 'community', uses: ['residential'], count: 2_000, label: (d, n) => `${d}第${n}社区服务站` },
    { type: 'police', uses: ['public'], count: 260, label: (d, n) => `${d}第${n}派出所` },
    { type: 'clinic', uses: ['public', 'commercial'], count: 1_200, label: (d, n) => `${d}第${n}社区卫生服务中心` },
    { type: 'school', uses: ['education'], count: 'all', label: (d, n) => `${d}第${n}学校` },
  ];
  const services: RowOf<'services'>[] = [];
  for (const s of plan) {
    const pool = ofUse(s.uses);
    const chosen = s.count === 'all' ? pool : Array.from({ length: Math.min(s.count, pool.length) }, () => pool[Math.floor(srnd() * pool.length)]!);
    const perDistrict = new Map<string, number>();
    for (const b of chosen) {
      const d = inputs.buildingDistrict(b);
      const n = (perDistrict.get(d) ?? 0) + 1;
      perDistrict.set(d, n);
      const [lon, lat] = jitter(srnd, ...at(b), 3);
      services.push([`FW-${s.type}-${String(services.length + 1).padStart(5, '0')}`, s.type, s.label(districtZh.get(d) ?? d, n), lon, lat]);
    }
  }

  return services;
}

/** Cases of the last 30 days, where people live and shop; most are closed within days. */
function casesOf({ inputs, at, jitter }: Placing, o: PanoramaOptions): RowOf<'cases'>[] {
  const { buildings } = inputs;
  const krnd = mulberry32(o.seed ^ 0x1b873593);
  const caseWeights = new Float64Array(buildings.count);
  for (let i = 0; i < buildings.count; i++) {
    const use = buildings.use[i]!;
    if ((use === USE.residential || use === USE.commercial) && inputs.buildingDistrict(i)) caseWeights[i] = buildings.floorArea[i]!;
  }
  const caseCumulative = cumulativeOf(caseWeights);
  const cases: RowOf<'cases'>[] = [];
  const DAY = 86_400_000;
  for (let k = 0; k < o.cases; k++) {
    const b = weightedIndex(krnd, caseCumulative);
    const opened = Math.round(o.asOfMs - 30 * DAY * krnd());
    const closedAt = Math.round(opened - 2 * DAY * Math.log(1 - krnd() * 0.999));
    const closed = closedAt < o.asOfMs ? closedAt : null;
    const [lon, lat] = jitter(krnd, ...at(b), 20);
    const date = new Date(opened + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    cases.push([`AJ${date}${String(k + 1).padStart(6, '0')}`, pick(krnd, CASE_SOURCE_WEIGHTS), pick(krnd, CASE_TYPE_WEIGHTS), closed === null ? 'open' : 'closed', opened, closed, lon, lat]);
  }
  return cases;
}

export function generatePanorama(inputs: PanoramaInputs, o: PanoramaOptions): GeneratedRecords {
  const place = placing(inputs);
  const parcels = parcelsOf(place);
  return { enterprises: enterprisesOf(place, o), parcels, components: componentsOf(place, parcels, o), services: servicesOf(place, o), cases: casesOf(place, o) };
}
