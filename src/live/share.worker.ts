/// <reference lib="webworker" />
/**
 * One more connection for the sensors' readings, for a page that reads them over several
 * (runtime-config `sensorConnections`, src/live/shares.ts). It subscribes to its share of the
 * kinds, decodes and checks every reading and keeps its alert level as the live worker would, and
 * hands the live worker the latest reading of each changed sensor every 16 ms over its port.
 * Everything else (the table, alarms from the service, signs, crowds) stays with the live worker.
 */
import '../config/zodJitless.ts';
import mqtt, { type MqttClient } from 'mqtt';
import { CoalescingSocket } from './coalescingSocket.ts';
import { Decoder, type RejectReason } from './decode.ts';
import { columnBuffers, LatestReadings } from './latestReadings.ts';
import type { LiveDiagnostics, ShareDelta, ShareStart } from './liveProtocol.ts';
import { kindFilter } from './shares.ts';
import { tally } from '../sources/tally.ts';

declare const self: DedicatedWorkerGlobalScope;

const FLUSH_MS = 16;

self.addEventListener('message', (e: MessageEvent<{ port: MessagePort }>) => {
  const { port } = e.data;
  let client: MqttClient | null = null;
  port.addEventListener('message', (m: MessageEvent<ShareStart | { type: 'stop' }>) => {
    if (m.data.type === 'stop') {
      client?.end(true);
      self.close();
    } else client = read(port, m.data);
  });
  port.start();
});

function read(port: MessagePort, cmd: ShareStart): MqttClient {
  const n = cmd.ids.length;
  const decoder = new Decoder({ ids: cmd.ids, kinds: cmd.kinds, indexOf: new Map(cmd.ids.map((id, i) => [id, i])) }, cmd.topicPrefix);
  const latest = new LatestReadings(Array.from({ length: n }, (_, i) => ({ warning: cmd.warning[i]!, alarm: cmd.alarm[i]! })));
  let counts = { received: 0, accepted: 0, duplicates: 0, rejects: {} as Partial<Record<RejectReason, number>> };
  let lastError: LiveDiagnostics['lastError'] = null;

  const client = mqtt.connect(cmd.mqttUrl, {
    username: cmd.username,
    password: cmd.password,
    clientId: `canton-viewer-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    clean: true,
    resubscribe: true,
    createWebsocket: (url: string, protocols: string[]) => new CoalescingSocket(url, protocols) as unknown as WebSocket,
  });
  client.on('connect', () => {
    client.subscribe(
      cmd.subscribe.map((k) => kindFilter(cmd.topicPrefix, k)),
      { qos: 0 },
      (err) => {
        if (err) lastError = { reason: 'connection', detail: `subscribe: ${err.message}`, at: Date.now() };
      },
    );
  });
  client.on('error', (err) => {
    lastError = { reason: 'connection', detail: err.message, at: Date.now() };
  });
  client.on('message', (topic, payload) => {
    counts.received++;
    const d = decoder.decode(topic, payload);
    if (!d.ok) {
      if (d.duplicate) counts.duplicates++;
      else {
        tally(counts.rejects, d.reason);
        lastError = { reason: d.reason, detail: d.detail, at: Date.now() };
      }
      return;
    }
    counts.accepted++;
    latest.apply(d.index, d.reading);
  });

  setInterval(() => {
    if (counts.received === 0 && !lastError) return;
    const delta: ShareDelta = { ...latest.take(), ...counts, lastError };
    counts = { received: 0, accepted: 0, duplicates: 0, rejects: {} };
    lastError = null;
    port.postMessage(delta, columnBuffers(delta));
  }, FLUSH_MS);
  return client;
}
