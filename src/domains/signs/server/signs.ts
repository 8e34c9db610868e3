/**
 * The operations service's vital signs: it derives the live-feed figures of the catalogue
 * (src/domains/signs/derive.ts) once for every screen, publishes them retained on their sign topics every
 * few seconds, and keeps the recent history of every sign (derived or a department's) for the
 * page's trend charts and search (GET /api/ops/signs/history).
 *
 * It reads every reading and alarm, so it runs on a client of its own: the service's main client
 * takes only its share of the readings. With several instances, only the first of the members
 * (by name) publishes, so that each figure is computed once; all keep the history.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import mqtt, { type MqttClient } from 'mqtt';
import { alarmFilter } from '../../alarms/index.ts';
import { sensorFilter, type SensorRegistry } from '../../../live/contract.ts';
import { Decoder } from '../../../live/decode.ts';
import { opsPath, type OpsAnswer } from '../../../live/opsApiContract.ts';
import { SignDecoder } from '../signDecoder.ts';
import { SeriesRings, seriesKey } from '../seriesRings.ts';
import { signFilter, signSeries, type Catalogue } from '../catalogue.ts';
import { SignDeriver, type OpenAlarm } from '../derive.ts';

/** Derived figures are published this often (their catalogue cadence). */
export const DERIVE_PERIOD_MS = 5000;
/** Points of history kept per series. */
export const HISTORY_POINTS = 180;

export interface SignService {
  /** Recent [ts, value] points of one series, oldest first. */
  history(id: string, district: string | null): [number, number][];
  stats(): { derivedPublished: number; signsHeard: number; series: number };
  stop(): Promise<void>;
  kill(): void;
}

export interface SignServiceOptions {
  url: string;
  username: string;
  password: string;
  clientId: string;
  registry: SensorRegistry;
  catalogue: Catalogue;
  districts: readonly string[];
  prefix: string;
  /** Whether this instance is the one that publishes the derived figures now. */
  publishes: () => boolean;
  now?: () => number;
}

export function startSignService(o: SignServiceOptions): SignService {
  const now = o.now ?? Date.now;
  const deriver = new SignDeriver(o.registry, o.catalogue, o.districts, o.prefix);
  const decoder = new Decoder(o.registry, o.prefix, now);
  const series = signSeries(o.catalogue, o.districts, o.prefix);
  // Signs are checked as the page checks them (contract, unit, order); each accepted one is a point.
  const signs = new SignDecoder(series, o.catalogue.indicators, now);
  const slotByKey = new Map(series.map((s, k) => [seriesKey(o.catalogue.indicators[s.indicator]!.id, s.district), k]));
  const rings = new SeriesRings(series.length, HISTORY_POINTS);
  const alarms = new Map<string, OpenAlarm>();
  let derivedPublished = 0;
  let signsHeard = 0;
  const sensorPrefix = `${o.prefix}/sensor/`;
  const signPrefix = `${o.prefix}/sign/`;
  const alarmPrefix = `${o.prefix}/alarm/`;
  const text = new TextDecoder();

  const client: MqttClient = mqtt.connect(o.url, { username: o.username, password: o.password, clientId: o.clientId, reconnectPeriod: 1000, clean: true });
  client.on('connect', () => {
    client.subscribe([sensorFilter(o.prefix), alarmFilter(o.prefix), signFilter(o.prefix)], { qos: 0 });
  });
  client.on('message', (topic, payload) => {
    if (topic.startsWith(sensorPrefix)) {
      const d = decoder.decode(topic, payload);
      if (d.ok) deriver.reading(d.index, d.reading.value, d.reading.ts);
      return;
    }
    if (topic.startsWith(alarmPrefix)) {
      const id = topic.slice(alarmPrefix.length);
      if (payload.byteLength === 0) alarms.delete(id);
      else {
        try {
          const a = JSON.parse(text.decode(payload)) as { sensor?: unknown; shelf?: unknown; outOfService?: unknown };
          if (typeof a.sensor === 'number' && a.sensor >= 0 && a.sensor < o.registry.ids.length) alarms.set(id, { sensor: a.sensor, suppressed: Boolean(a.shelf) || Boolean(a.outOfService) });
        } catch {
          // The alarm topics are written by the service alone (ACL); a torn one is simply skipped.
        }
      }
      deriver.setAlarms([...alarms.values()]);
      return;
    }
    if (topic.startsWith(signPrefix)) {
      // The page counts and shows malformed signs; the history simply has no point for them.
      const d = signs.decode(topic, payload);
      if (!d.ok) return;
      signsHeard++;
      rings.record(d.index, d.reading.ts, d.reading.value);
    }
  });

  const timer = setInterval(() => {
    if (!client.connected || !o.publishes()) return;
    const at = now();
    for (const v of deriver.compute(at)) {
      client.publish(v.series.topic, JSON.stringify({ ts: at, value: v.value, unit: v.indicator.unit, quality: 'good' }), { qos: 0, retain: true });
      derivedPublished++;
    }
  }, DERIVE_PERIOD_MS);

  return {
    history: (id, district) => {
      const slot = slotByKey.get(seriesKey(id, district));
      if (slot === undefined) return [];
      const h = rings.history(slot);
      return h.ts.map((ts, j) => [ts, h.value[j]!] as [number, number]);
    },
    stats: () => ({ derivedPublished, signsHeard, series: series.length }),
    stop: async () => {
      clearInterval(timer);
      await client.endAsync();
    },
    kill: () => {
      clearInterval(timer);
      client.end(true);
    },
  };
}

/**
 * GET /api/ops/signs/history?id=WAT-9001[&district=440105]: public like the signs themselves
 * (every viewer reads them over MQTT), so it needs no login; it is read-only and bounded.
 */
export function signHistoryRoute(signs: SignService, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== opsPath('signs/history')) return false;
  const id = url.searchParams.get('id') ?? '';
  const district = url.searchParams.get('district');
  if (req.method !== 'GET' || !/^[A-Z]{2,5}-[0-9]{3,5}$/.test(id) || (district !== null && !/^[0-9]{6}$/.test(district))) {
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'expected GET ?id=ABC-0001[&district=440105]' }));
    return true;
  }
  const answer: OpsAnswer<'signs/history'> = { id, district, points: signs.history(id, district) };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(answer));
  return true;
}
