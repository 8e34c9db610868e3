/**
 * Governance cases as the 12345 hotline and the grid inspectors would report them: a new case
 * every few seconds somewhere in the city, each closed a few minutes later and cleared from the
 * broker once it has aged out, under the contract of src/domains/cases/contract.ts.
 */
import type { MqttClient } from 'mqtt';
import { CASE_SOURCES, CASE_TYPES } from '../../src/domains/panorama/classes.ts';
import { caseTopic, type CaseMessage } from '../../src/domains/cases/contract.ts';
import { mulberry32 } from '../city/random.ts';

export interface CaseSimulatorOptions {
  prefix: string;
  /** Places cases may be reported at (lon, lat pairs): the sensors', which all lie in the city. */
  places: Float64Array;
  seed: number;
  /** Milliseconds between new cases. */
  everyMs: number;
}

/** A case closes within this long, and is cleared from the broker this long after closing. */
const CLOSE_WITHIN_MS = 10 * 60_000;
const CLEAR_AFTER_MS = 10 * 60_000;

export function startCaseSimulator(client: MqttClient, o: CaseSimulatorOptions): { published(): number; stop(): void } {
  const rnd = mulberry32(o.seed ^ 0x0ca5e5);
  const run = Date.now().toString(36);
  let serial = 0;
  let sent = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, f: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const send = (c: CaseMessage | null, id: string): void => {
    client.publish(caseTopic(o.prefix, id), c ? JSON.stringify(c) : '', { qos: 1, retain: true });
    sent++;
  };
  const report = (): void => {
    if (!client.connected || o.places.length < 2) return;
    const k = Math.floor(rnd() * (o.places.length / 2));
    const id = `AJL-${run}-${++serial}`;
    const open: CaseMessage = {
      id,
      source: CASE_SOURCES[rnd() < 0.6 ? 0 : 1].code,
      type: CASE_TYPES[Math.floor(rnd() * CASE_TYPES.length)]!.code,
      status: 'open',
      opened: Date.now(),
      closed: null,
      lon: Math.round((o.places[2 * k]! + (rnd() - 0.5) * 0.001) * 1e6) / 1e6,
      lat: Math.round((o.places[2 * k + 1]! + (rnd() - 0.5) * 0.001) * 1e6) / 1e6,
    };
    send(open, id);
    later(60_000 + rnd() * (CLOSE_WITHIN_MS - 60_000), () => {
      send({ ...open, status: 'closed', closed: Date.now() }, id);
      later(CLEAR_AFTER_MS, () => send(null, id));
    });
  };
  const timer = setInterval(report, o.everyMs);
  return {
    published: () => sent,
    stop: () => {
      clearInterval(timer);
      for (const t of timers) clearTimeout(t);
    },
  };
}
