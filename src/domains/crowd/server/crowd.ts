/**
 * The operations service's crowds: from the signalling feed and the gates' counts, each minute,
 * every venue's people, flows and record (src/domains/crowd), once for every screen.
 *
 * - A venue's people are its alarm point's reading ({prefix}/sensor/crowd/{sensorId}): the
 *   service's own alarm rules (levels, hysteresis, acknowledgement, audit) raise the crowd alarms,
 *   as for any sensor.
 * - A business district's footfall, dwell time and parking are vital signs of the catalogue
 *   (source `crowd`), published from the same records.
 * - Its record, the last 180 minutes with the car park and the stations, is retained on
 *   {prefix}/crowd/venue/{id}: a screen that opens mid-event has the trend at once, and a
 *   restarted service takes its record back from there.
 *
 * It reads the whole feed, so it runs on a client of its own; with several instances only the
 * first member publishes, as for the vital signs.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { CrowdModel } from '../crowdModel.ts';
import { VENUES } from '../venues.ts';
import { addMinute, minutesOf, summarise, type VenueMinute } from '../venueTrend.ts';
import { signTopic, type Catalogue } from '../../signs/index.ts';
import { sensorTopic, UNITS, type Reading } from '../../../live/contract.ts';
import { gatesSchema, SignalAssembler, signalPartSchema, venueRecordSchema, venueTopic, type Gates, type VenueRecord } from '../contract.ts';

export interface CrowdServiceOptions {
  url: string;
  username: string;
  password: string;
  clientId: string;
  prefix: string;
  model: CrowdModel;
  publishes: () => boolean;
  /** The vital-sign catalogue: its business-district figures (source `crowd`) are published from the venues' records. */
  catalogue?: Catalogue;
  now?: () => number;
}

export interface CrowdServiceStats {
  minutes: number;
  refused: number;
  lastError: string | null;
  /** Scenario time of the last minute handled, ms. */
  at: number;
}

export interface CrowdService {
  stats(): CrowdServiceStats;
  /** A venue's record as last computed here. */
  venue(id: string): VenueMinute[];
  stop(): Promise<void>;
  kill(): void;
}

export function startCrowdService(o: CrowdServiceOptions): CrowdService {
  const now = o.now ?? Date.now;
  const { model } = o;
  const assembler = new SignalAssembler(model.header.sites, model.header.id);
  const venueIndex = VENUES.map((v) => model.header.venues.indexOf(v.id));
  const series = new Map<string, VenueMinute[]>(VENUES.map((v) => [v.id, []]));
  const stats: CrowdServiceStats = { minutes: 0, refused: 0, lastError: null, at: 0 };
  /** Minutes whose counts are in, waiting for their gates (or the reverse). */
  const people = new Map<number, Float64Array>();
  const gates = new Map<number, Gates>();
  const prefix = `${o.prefix}/crowd/`;
  const refuse = (detail: string): void => {
    stats.refused++;
    stats.lastError = detail;
  };

  const client: MqttClient = mqtt.connect(o.url, { username: o.username, password: o.password, clientId: o.clientId, reconnectPeriod: 1000, clean: true });
  client.on('connect', () => void client.subscribe([`${prefix}signal/+`, `${prefix}gates`, `${prefix}venue/+`], { qos: 1 }));

  const handleMinute = (at: number): void => {
    const venuePeople = people.get(at);
    const g = gates.get(at);
    if (!venuePeople || !g) return;
    for (const k of people.keys()) if (k <= at) people.delete(k);
    for (const k of gates.keys()) if (k <= at) gates.delete(k);
    stats.minutes++;
    stats.at = at;
    const ts = now();
    const publish = o.publishes();
    VENUES.forEach((v, i) => {
      const fence = g.fences[v.id] ?? [0, 0];
      const record = addMinute(series.get(v.id)!, { at, people: Math.round(venuePeople[venueIndex[i]!] ?? 0), in: fence[0], out: fence[1] });
      series.set(v.id, record);
      if (!publish) return;
      const reading: Reading = { ts, value: record.at(-1)!.people, unit: UNITS.crowd, quality: 'good' };
      client.publish(sensorTopic(o.prefix, 'crowd', v.sensorId), JSON.stringify(reading), { qos: 1, retain: true });
      const message: VenueRecord = {
        id: v.id,
        ts,
        at,
        capacity: v.capacity,
        series: record.map((m) => [m.at, m.people, m.in, m.out]),
        parking: g.parking[v.id] ?? null,
        metro: Object.fromEntries(v.stations.flatMap((s) => (g.metro[s] ? [[s, g.metro[s]]] : []))),
      };
      client.publish(venueTopic(o.prefix, v.id), JSON.stringify(message), { qos: 1, retain: true });
    });
    if (publish) publishSigns(ts, g);
  };
  const crowdSigns = o.catalogue?.indicators.filter((i) => i.source.kind === 'crowd') ?? [];
  const publishSigns = (ts: number, g: Gates): void => {
    for (const ind of crowdSigns) {
      if (ind.source.kind !== 'crowd') continue;
      const { venue, figure } = ind.source;
      const summary = summarise(series.get(venue) ?? []);
      const parking = g.parking[venue];
      const value = figure === 'footfall' ? summary?.footfall : figure === 'dwell' ? summary?.dwellMinutes : parking && Math.round((1000 * parking[0]) / parking[1]) / 10;
      if (value === null || value === undefined) continue;
      client.publish(signTopic(o.prefix, ind), JSON.stringify({ ts, value, unit: ind.unit, quality: 'good' }), { qos: 0, retain: true });
    }
  };

  client.on('message', (topic, payload) => {
    if (!topic.startsWith(prefix)) return;
    const rest = topic.slice(prefix.length);
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      if (payload.length > 0) refuse(`${topic}: not JSON`);
      return;
    }
    if (rest.startsWith('venue/')) {
      // Our own record, retained: taken back after a restart, where we have none yet.
      const r = venueRecordSchema.safeParse(json);
      if (!r.success) return refuse(`${topic}: ${r.error.issues[0]?.message}`);
      const mine = series.get(r.data.id);
      if (mine && mine.length === 0) series.set(r.data.id, minutesOf(r.data.series));
      return;
    }
    if (rest === 'gates') {
      const r = gatesSchema.safeParse(json);
      if (!r.success) return refuse(`${topic}: ${r.error.issues[0]?.message}`);
      gates.set(r.data.at, r.data);
      return handleMinute(r.data.at);
    }
    const r = signalPartSchema.safeParse(json);
    if (!r.success) return refuse(`${topic}: ${r.error.issues[0]?.message}`);
    try {
      const minute = assembler.add(r.data);
      if (!minute) return;
      const venuePeople = new Float64Array(model.header.venues.length);
      for (let s = 0; s < model.header.sites; s++) if (model.siteVenue[s]! >= 0) venuePeople[model.siteVenue[s]!]! += minute.counts[s]! / model.header.phonesPerPerson;
      people.set(minute.at, venuePeople);
      handleMinute(minute.at);
    } catch (e) {
      refuse(`${topic}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  return {
    stats: () => ({ ...stats }),
    venue: (id) => series.get(id) ?? [],
    stop: () => client.endAsync(),
    kill: () => {
      client.stream.destroy();
      client.end(true);
    },
  };
}
