/**
 * The crowds' signalling feed: once a scenario minute, every base station's count of SIM cards
 * and the gates' counts, under the contract of src/domains/crowd/contract.ts.
 *
 * The truth it counts: everywhere but the venues, the people the crowd model expects at that
 * hour (the five panoramas' residents and workers); in each venue, the scenario's crowd
 * (crowdEvents.ts). Each station counts the SIM cards of the people it serves (1.15 per person)
 * with a seeded 1 % noise, as a carrier's feed is never exact. `speed` runs the scenario clock
 * faster than the wall clock: at 60 a scenario minute is published every second.
 */
import type { MqttClient } from 'mqtt';
import type { CrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import { localHour, priors } from '../../src/domains/crowd/estimate.ts';
import { stationById, VENUES } from '../../src/domains/crowd/venues.ts';
import { gatesTopic, SIGNAL_PART, signalTopic, type Gates, type SignalPart } from '../../src/domains/crowd/contract.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';
import { DWELL_MINUTES, eventStart, stationShare, venuePeople, type CrowdEvent } from './crowdEvents.ts';

export interface CrowdSimulatorOptions {
  prefix: string;
  model: CrowdModel;
  event: CrowdEvent;
  /** Scenario seconds per wall-clock second (1 outside a scenario). */
  speed?: number;
  seed: number;
  /** Where the scenario clock starts, ms; default the event's own start, or now. */
  startAt?: number;
}

/** A standard normal number from two uniform ones (Box–Muller). */
function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Share of the venues' flows that come and go by metro, spread over a venue's stations. */
const BY_METRO = 0.55;

/** The counts of one scenario minute: pure, for tests and the bench. */
export function countMinute(model: CrowdModel, event: CrowdEvent, at: number, seed: number): { counts: number[]; gates: Omit<Gates, 'ts'> } {
  const { sites, pieces, phonesPerPerson } = model.header;
  const truth = new Float64Array(sites);
  const prior = priors(model, at);
  const venueSitePieces = new Float64Array(sites);
  for (let p = 0; p < pieces; p++) {
    if (model.pieceVenue[p]! < 0) truth[model.pieceSite[p]!]! += prior[p]!;
    else venueSitePieces[model.pieceSite[p]!]!++;
  }
  const venuePieces = new Float64Array(VENUES.length);
  for (let s = 0; s < sites; s++) if (model.siteVenue[s]! >= 0) venuePieces[model.siteVenue[s]!]! += venueSitePieces[s]!;
  const ofVenue = (id: string): number => model.header.venues.indexOf(id);
  const people = VENUES.map((v) => venuePeople(v, event, at));
  for (let s = 0; s < sites; s++) {
    const v = model.siteVenue[s]!;
    if (v >= 0) truth[s] = (people[VENUES.findIndex((x) => ofVenue(x.id) === v)]! * venueSitePieces[s]!) / Math.max(1, venuePieces[v]!);
  }
  const minute = Math.floor(at / 60_000);
  const rnd = mulberry32(cellSeed(seed, minute, 0xc0));
  const counts = Array.from(truth, (x) => Math.max(0, Math.round(x * phonesPerPerson * (1 + 0.01 * gauss(rnd)))));

  const fences: Gates['fences'] = {};
  const metro: Gates['metro'] = {};
  const parking: Gates['parking'] = {};
  const h = localHour(at);
  for (const [id, station] of stationById) metro[id] = [station.base * stationShare(h), station.base * stationShare(h)];
  VENUES.forEach((v, i) => {
    const before = venuePeople(v, event, at - 60_000);
    const churn = people[i]! / DWELL_MINUTES[v.type];
    const into = Math.max(0, churn + people[i]! - before) * (1 + 0.02 * gauss(rnd));
    const out = Math.max(0, churn + before - people[i]!) * (1 + 0.02 * gauss(rnd));
    fences[v.id] = [Math.round(into), Math.round(out)];
    // People arriving by metro leave the stations' gates; those going home enter them.
    for (const id of v.stations) {
      const m = metro[id]!;
      m[0] += (BY_METRO * out) / v.stations.length;
      m[1] += (BY_METRO * into) / v.stations.length;
    }
    if (v.parking) parking[v.id] = [Math.round(v.parking * Math.min(0.99, 0.12 + (0.85 * people[i]!) / v.capacity)), v.parking];
  });
  for (const m of Object.values(metro)) {
    m[0] = Math.round(m[0] * (1 + 0.03 * gauss(rnd)));
    m[1] = Math.round(m[1] * (1 + 0.03 * gauss(rnd)));
  }
  return { counts, gates: { at, fences, metro, parking } };
}

export function startCrowdSimulator(client: MqttClient, o: CrowdSimulatorOptions): { published(): number; scenarioMinute(): number; stop(): void } {
  const speed = o.event === 'normal' ? 1 : (o.speed ?? 1);
  const start = Math.floor((o.startAt ?? eventStart(o.event)) / 60_000) * 60_000;
  const wall0 = Date.now();
  const parts = Math.ceil(o.model.header.sites / SIGNAL_PART);
  let sent = 0;
  let at = start;
  const publishMinute = (): void => {
    if (!client.connected) return;
    const { counts, gates } = countMinute(o.model, o.event, at, o.seed);
    const ts = Date.now();
    for (let part = 0; part < parts; part++) {
      const first = part * SIGNAL_PART;
      const msg: SignalPart = { ts, at, model: o.model.header.id, part, parts, first, counts: counts.slice(first, first + SIGNAL_PART) };
      client.publish(signalTopic(o.prefix, part), JSON.stringify(msg), { qos: 0, retain: true });
      sent++;
    }
    client.publish(gatesTopic(o.prefix), JSON.stringify({ ts, ...gates } satisfies Gates), { qos: 0, retain: true });
    sent++;
  };
  // The scenario minute due now; minutes missed while the broker was away are skipped, not queued.
  const tick = (): void => {
    const due = o.event === 'normal' ? Math.floor(Date.now() / 60_000) * 60_000 : start + Math.floor(((Date.now() - wall0) * speed) / 60_000) * 60_000;
    if (due === at && sent > 0) return;
    at = due;
    publishMinute();
  };
  tick();
  const timer = setInterval(tick, Math.max(50, Math.min(1000, 60_000 / speed / 4)));
  client.on('connect', publishMinute);
  return {
    published: () => sent,
    scenarioMinute: () => at,
    stop: () => {
      clearInterval(timer);
      client.off('connect', publishMinute);
    },
  };
}
