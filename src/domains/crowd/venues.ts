/**
 * The places the major-events scenario watches (重大活动及节日保障), each with its outline, its
 * capacity and its warning and alarm thresholds, and the metro stations that serve it.
 *
 * Outlines are drawn by hand in WGS84 around each place, placed from the WGS84 metro stations
 * that serve it (test:data checks the stations against the shared metro file): they are
 * planning outlines, not surveyed boundaries. Capacities are the planning figures a duty
 * officer would set for standing crowds, not measured ones.
 */
import { metresPerDegree } from '../../analysis/ellipsoid.ts';

export interface Venue {
  id: string;
  /** The venue's alarm point in the sensor registry (kind `crowd`). */
  sensorId: string;
  name: { zh: string; en: string };
  /** What the place is: it sets the normal day's crowd and how long people stay. */
  type: 'expo' | 'stadium' | 'square' | 'street' | 'district' | 'airport' | 'station' | 'heritage';
  /** Outline rings (lon, lat, WGS84), read with the even–odd rule. */
  rings: [number, number][][];
  /** People the place holds safely. */
  capacity: number;
  /** Shares of the capacity at which the crowd warns and alarms. */
  warning: number;
  alarm: number;
  /** Metro stations serving it, nearest first (ids of METRO_STATIONS). */
  stations: string[];
  /** Parking spaces of a business district's car parks (智慧商圈), watched for occupancy. */
  parking?: number;
  /** A demonstration smart business district (2022): footfall, dwell time and parking are its themes. */
  businessDistrict?: boolean;
}

const box = (w: number, s: number, e: number, n: number): [number, number][] => [[w, s], [e, s], [e, n], [w, n], [w, s]];

export const VENUES: readonly Venue[] = [
  { id: 'huacheng', sensorId: 'CV-HUACHENG', name: { zh: '花城广场及广州塔', en: 'Huacheng Square & Canton Tower' }, type: 'square', rings: [box(113.3182, 23.116, 113.3212, 23.1262), box(113.316, 23.1068, 113.3212, 23.115)], capacity: 250_000, warning: 0.8, alarm: 0.95, stations: ['huachengdadao', 'dajuyuan', 'fuerzhongxin', 'zhujiangxincheng', 'haixinsha', 'guangzhouta'] },
  { id: 'canton-fair', sensorId: 'CV-CANTONFAIR', name: { zh: '广交会展馆（琶洲）', en: 'Canton Fair Complex, Pazhou' }, type: 'expo', rings: [box(113.35, 23.1018, 113.368, 23.1062)], capacity: 180_000, warning: 0.8, alarm: 0.95, stations: ['xingangdong', 'pazhou', 'wanshengwei'] },
  { id: 'tianhe-sports', sensorId: 'CV-TIANHESPORTS', name: { zh: '天河体育中心', en: 'Tianhe Sports Centre' }, type: 'stadium', rings: [box(113.3195, 23.1312, 113.3268, 23.1368)], capacity: 80_000, warning: 0.8, alarm: 0.95, stations: ['tiyuzhongxin', 'tianhenan', 'tiyuxilu'] },
  { id: 'tianhe-road', sensorId: 'CV-TIANHEROAD', name: { zh: '天河路商圈', en: 'Tianhe Road business district' }, type: 'district', rings: [box(113.312, 23.137, 113.3365, 23.1425)], capacity: 150_000, warning: 0.8, alarm: 0.95, stations: ['tiyuxilu', 'shipaiqiao', 'gangding', 'tiyuzhongxin'], parking: 12_000, businessDistrict: true },
  { id: 'beijing-road', sensorId: 'CV-BEIJINGROAD', name: { zh: '北京路步行街', en: 'Beijing Road pedestrian street' }, type: 'street', rings: [box(113.264, 23.1195, 113.2675, 23.129)], capacity: 60_000, warning: 0.8, alarm: 0.95, stations: ['beijinglu', 'gongyuanqian', 'haizhuguangchang', 'nongjiangsuo'], parking: 3_500, businessDistrict: true },
  { id: 'airport', sensorId: 'CV-AIRPORT', name: { zh: '白云国际机场', en: 'Baiyun International Airport' }, type: 'airport', rings: [box(113.2925, 23.3835, 113.3065, 23.4045)], capacity: 60_000, warning: 0.8, alarm: 0.95, stations: ['jichangnan', 'jichangbei'] },
  { id: 'south-station', sensorId: 'CV-SOUTHSTATION', name: { zh: '广州南站', en: 'Guangzhou South Station' }, type: 'station', rings: [box(113.2628, 22.9878, 113.2712, 22.9958)], capacity: 60_000, warning: 0.8, alarm: 0.95, stations: ['guangzhounanzhan'] },
  { id: 'shamian', sensorId: 'CV-SHAMIAN', name: { zh: '沙面', en: 'Shamian Island' }, type: 'heritage', rings: [box(113.2385, 23.1052, 113.2478, 23.109)], capacity: 20_000, warning: 0.8, alarm: 0.95, stations: ['huangsha', 'wenhuagongyuan'] },
];

export interface MetroStation {
  id: string;
  name: { zh: string; en: string };
  lon: number;
  lat: number;
  /** Passengers through its gates per minute at the busiest hour of a normal day, each way. */
  base: number;
}

/** The metro stations near the venues (WGS84, from the station positions; test:data checks them). */
export const METRO_STATIONS: readonly MetroStation[] = [
  { id: 'huachengdadao', name: { zh: '花城大道', en: 'Huacheng Avenue' }, lon: 113.3193, lat: 23.1218, base: 60 },
  { id: 'dajuyuan', name: { zh: '大剧院', en: 'Opera House' }, lon: 113.3193, lat: 23.1182, base: 30 },
  { id: 'fuerzhongxin', name: { zh: '妇儿中心', en: "Women and Children's Center" }, lon: 113.3193, lat: 23.1251, base: 30 },
  { id: 'zhujiangxincheng', name: { zh: '珠江新城', en: 'Zhujiang New Town' }, lon: 113.3158, lat: 23.122, base: 260 },
  { id: 'haixinsha', name: { zh: '海心沙', en: 'Haixinsha' }, lon: 113.3189, lat: 23.1141, base: 20 },
  { id: 'guangzhouta', name: { zh: '广州塔', en: 'Canton Tower' }, lon: 113.3166, lat: 23.11, base: 120 },
  { id: 'xingangdong', name: { zh: '新港东', en: 'Xingang East' }, lon: 113.3517, lat: 23.1012, base: 70 },
  { id: 'pazhou', name: { zh: '琶洲', en: 'Pazhou' }, lon: 113.3612, lat: 23.1011, base: 70 },
  { id: 'wanshengwei', name: { zh: '万胜围', en: 'Wanshengwei' }, lon: 113.3807, lat: 23.1002, base: 150 },
  { id: 'tiyuzhongxin', name: { zh: '体育中心', en: 'Sports Center' }, lon: 113.323, lat: 23.1374, base: 180 },
  { id: 'tianhenan', name: { zh: '天河南', en: 'Tianhe South' }, lon: 113.3188, lat: 23.1341, base: 40 },
  { id: 'tiyuxilu', name: { zh: '体育西路', en: 'Tiyu Xilu' }, lon: 113.3161, lat: 23.1337, base: 320 },
  { id: 'shipaiqiao', name: { zh: '石牌桥', en: 'Shipaiqiao' }, lon: 113.3262, lat: 23.1359, base: 200 },
  { id: 'gangding', name: { zh: '岗顶', en: 'Gangding' }, lon: 113.3341, lat: 23.1374, base: 200 },
  { id: 'beijinglu', name: { zh: '北京路', en: 'Beijing Road' }, lon: 113.2647, lat: 23.1213, base: 110 },
  { id: 'gongyuanqian', name: { zh: '公园前', en: 'Gongyuanqian' }, lon: 113.2588, lat: 23.1278, base: 260 },
  { id: 'haizhuguangchang', name: { zh: '海珠广场', en: 'Haizhu Square' }, lon: 113.2608, lat: 23.1181, base: 140 },
  { id: 'nongjiangsuo', name: { zh: '农讲所', en: 'Peasant Movement Institute' }, lon: 113.2702, lat: 23.1293, base: 120 },
  { id: 'huangsha', name: { zh: '黄沙', en: 'Huangsha' }, lon: 113.2357, lat: 23.1118, base: 110 },
  { id: 'wenhuagongyuan', name: { zh: '文化公园', en: 'Cultural Park' }, lon: 113.2445, lat: 23.1119, base: 70 },
  { id: 'guangzhounanzhan', name: { zh: '广州南站', en: 'Guangzhou South Railway Station' }, lon: 113.2668, lat: 22.9917, base: 420 },
  { id: 'jichangnan', name: { zh: '机场南', en: 'Airport South' }, lon: 113.2975, lat: 23.3888, base: 160 },
  { id: 'jichangbei', name: { zh: '机场北', en: 'Airport North' }, lon: 113.3, lat: 23.3986, base: 120 },
];

export const venueById = new Map(VENUES.map((v) => [v.id, v]));
export const stationById = new Map(METRO_STATIONS.map((s) => [s.id, s]));

/** The venue's outline's centre: the mean of its first ring's corners (every outline is drawn as boxes). */
export function venueCentre(v: Venue): [number, number] {
  const r = v.rings[0]!.slice(0, -1);
  return [r.reduce((a, p) => a + p[0], 0) / r.length, r.reduce((a, p) => a + p[1], 0) / r.length];
}

/** The thresholds in people: a venue's alarm point in the registry warns and alarms at these. */
export const venueThresholds = (v: Pick<Venue, 'capacity' | 'warning' | 'alarm'>): { warning: number; alarm: number } => ({ warning: Math.round(v.capacity * v.warning), alarm: Math.round(v.capacity * v.alarm) });

/** A venue's state for its people against its thresholds; `nodata` before its first minute. */
export function venueLevel(v: Pick<Venue, 'capacity' | 'warning' | 'alarm'>, people: number | null): 'nodata' | 'normal' | 'warning' | 'alarm' {
  if (people === null) return 'nodata';
  const { warning, alarm } = venueThresholds(v);
  return people >= alarm ? 'alarm' : people >= warning ? 'warning' : 'normal';
}

/** Metres between two nearby WGS84 points (local scale of the ellipsoid: good to metres within a city). */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const m = metresPerDegree((lat1 + lat2) / 2);
  return Math.hypot((lon2 - lon1) * m.x, (lat2 - lat1) * m.y);
}

/** The `count` stations nearest a point, with their distances. */
export function nearestStations(lon: number, lat: number, count = 3): { station: MetroStation; metres: number }[] {
  return METRO_STATIONS.map((station) => ({ station, metres: metresBetween(lon, lat, station.lon, station.lat) }))
    .toSorted((a, b) => a.metres - b.metres)
    .slice(0, count);
}
