/**
 * The crowds through the real stack, on Aedes and on Mosquitto: the simulator's signalling feed
 * of New Year's Eve (ten scenario minutes a second), the operations service's venue records and
 * its alarm rules. The service raises the crowd alarm at Huacheng Square; its venue record is
 * the engine's estimate in Node of the same counts; the venue's reading and record agree; only
 * the gateway may publish the feed, and only the service the venues.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerName } from '../../server/mqtt/brokers.ts';
import { countMinute } from '../../scripts/live/crowd.ts';
import { startLiveStack, type LiveStack } from '../../scripts/live/stack.ts';
import { CrowdEstimator } from '../../src/domains/crowd/estimate.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { summarise } from '../../src/domains/crowd/venueTrend.ts';
import { signalTopic, venueRecordSchema, venueTopic, type VenueRecord } from '../../src/domains/crowd/contract.ts';
import { sleep, until } from '../harness/wait.ts';
import { DEFAULT_TILES, TOPIC_PREFIX } from '../../server/data/cityFiles.ts';
import { readCrowdModel } from '../../src/domains/crowd/server/opsPart.ts';

const model = readCrowdModel(DEFAULT_TILES);
const HUACHENG = VENUES.findIndex((v) => v.id === 'huacheng');
/** A signalling part for a model that does not exist, marked with who sent it. */
const forged = (who: string): string => JSON.stringify({ ts: Date.now(), at: 1, model: 'ffffffff', part: 0, parts: 1, first: 0, counts: [1], who });

describe.each<BrokerName>(['aedes', 'mosquitto'])('crowds on %s', (brokerName) => {
  let stack: LiveStack;
  let watcher: MqttClient;
  const records = new Map<string, VenueRecord>();
  const readings = new Map<string, number>();
  const signals: string[] = [];
  const venuePayloads: string[] = [];
  const signs = new Map<string, number>();

  beforeAll(async () => {
    stack = await startLiveStack({ broker: brokerName, simulate: {}, ops: {}, crowd: { model, event: 'nye', speed: 600, startAt: Date.parse('2026-12-31T21:30:00+08:00') } });
    watcher = await mqtt.connectAsync(stack.broker.tcpUrl, { reconnectPeriod: 200 });
    watcher.on('message', (topic, payload) => {
      if (topic.startsWith(`${TOPIC_PREFIX}/crowd/venue/`)) {
        venuePayloads.push(payload.toString());
        const r = venueRecordSchema.safeParse(JSON.parse(payload.toString()));
        if (r.success) records.set(r.data.id, r.data);
      } else if (topic.startsWith(`${TOPIC_PREFIX}/sensor/crowd/`)) readings.set(topic.split('/').pop()!, JSON.parse(payload.toString()).value);
      else if (topic.startsWith(`${TOPIC_PREFIX}/crowd/signal/`)) signals.push(payload.toString());
      else if (topic.startsWith(`${TOPIC_PREFIX}/sign/commerce/`)) signs.set(topic.split('/').pop()!, JSON.parse(payload.toString()).value);
    });
    await watcher.subscribeAsync([`${TOPIC_PREFIX}/crowd/venue/+`, `${TOPIC_PREFIX}/sensor/crowd/+`, `${TOPIC_PREFIX}/crowd/signal/+`, `${TOPIC_PREFIX}/sign/commerce/+`]);
  }, 60_000);
  afterAll(async () => {
    await watcher?.endAsync();
    await stack?.stop();
  });

  it('raises the crowd alarm at Huacheng Square through the service’s alarm rules', async () => {
    const alarm = await until(() => stack.ops!.parts.alarms!.list().find((a) => a.id === 'CV-HUACHENG' && a.severity === 'alarm'), 60_000, 'the crowd alarm', () => stack.ops!.parts.crowd!.stats());
    expect(alarm.kind).toBe('crowd');
    expect(alarm.value).toBeGreaterThanOrEqual(0.95 * VENUES[HUACHENG]!.capacity);
    expect(stack.ops!.parts.crowd!.stats().refused).toBe(0);
  });

  it('keeps each venue’s record as the engine estimates it in Node, and its reading agrees', async () => {
    const record = await until(() => ((records.get('huacheng')?.series.length ?? 0) > 10 ? records.get('huacheng') : undefined), 30_000, 'a venue record of ten minutes');
    const [at, people, inflow, outflow] = record.series.at(-1)!;
    const counts = countMinute(model, 'nye', at, 1);
    const e = new CrowdEstimator(model).estimate(counts.counts, at);
    expect(people).toBe(Math.round(e.venuePeople[HUACHENG]!));
    expect([inflow, outflow]).toEqual(counts.gates.fences.huacheng);
    expect(record.capacity).toBe(VENUES[HUACHENG]!.capacity);
    expect(Object.keys(record.metro)).toEqual(VENUES[HUACHENG]!.stations);
    // The reading and the record are published together: once both settle, they agree.
    await until(() => readings.get('CV-HUACHENG') === records.get('huacheng')!.series.at(-1)![1], 10_000, 'the reading of the last minute');
  });

  it('publishes the smart business districts’ footfall, dwell and parking as vital signs, from the venue records', async () => {
    // COM-9101…9103: Tianhe Road's footfall, dwell time and parking (the catalogue's `crowd` sources).
    await until(
      () => {
        const r = records.get('tianhe-road');
        const summary = r && summarise(r.series.map(([at, people, i, out]) => ({ at, people, in: i, out })));
        return summary && signs.get('COM-9101') === summary.footfall && signs.get('COM-9102') === summary.dwellMinutes && r.parking && signs.get('COM-9103') === Math.round((1000 * r.parking[0]) / r.parking[1]) / 10;
      },
      15_000,
      'Tianhe Road’s signs equal to its record',
      () => [...signs],
    );
    expect(signs.get('COM-9101')).toBeGreaterThan(1000);
  });

  it('lets only the gateway publish the feed, and only the service the venues (ACL)', async () => {
    const viewer = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'viewer', password: stack.credentials.viewer, reconnectPeriod: 0 });
    const gateway = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator, reconnectPeriod: 0 });
    // A forbidden publish is dropped (Mosquitto) or ends the connection (Aedes): neither arrives.
    await viewer.publishAsync(signalTopic(TOPIC_PREFIX, 99), forged('viewer')).catch(() => undefined);
    await gateway.publishAsync(venueTopic(TOPIC_PREFIX, 'huacheng'), '{"forged": true}').catch(() => undefined);
    const gateway2 = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'simulator', password: stack.credentials.simulator, reconnectPeriod: 0 });
    await gateway2.publishAsync(signalTopic(TOPIC_PREFIX, 98), forged('gateway'), { qos: 1 });
    await until(() => signals.some((p) => p.includes('"who":"gateway"')), 5000, 'the gateway’s own message');
    await sleep(300);
    expect(signals.some((p) => p.includes('"who":"viewer"'))).toBe(false);
    expect(venuePayloads.some((p) => p.includes('forged'))).toBe(false);
    expect(venuePayloads.length).toBeGreaterThan(0);
    // The service refused the gateway's malformed part (another model) and counted it.
    await until(() => stack.ops!.parts.crowd!.stats().refused > 0, 5000, 'the refusal counted');
    await Promise.all([viewer, gateway, gateway2].map((c) => c.endAsync(true).catch(() => undefined)));
  });
});
