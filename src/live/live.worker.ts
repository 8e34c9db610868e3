/// <reference lib="webworker" />
/**
 * The live feed, off the main thread: MQTT over WebSocket, decoding and validation, alert levels,
 * and merging. The page receives one delta per flush with the latest reading of each sensor that
 * changed, so the main thread's cost follows the number of sensors, not the message rate. The
 * sensors' readings are read here; every other topic belongs to a domain's feed (topicFeed.ts),
 * found by folder.
 */
import '../config/zodJitless.ts';
import { type MqttClient } from 'mqtt';
import { toWire } from './registryWire.ts';
import { sensorFilter } from './contract.ts';
import { loadRegistry } from './registryLoad.ts';
import { Decoder, type Decoded, type RejectReason } from './decode.ts';
import { columnBuffers, LatestReadings } from './latestReadings.ts';
import { batchFilter } from './batchContract.ts';
import type { LiveCommand, LiveCommands, LiveDelta, LiveDiagnostics, LiveEvent, LiveLogin, LiveStart, ShareDelta, ShareStart } from './liveProtocol.ts';
import { kindFilter, shareKinds } from './shares.ts';
import type { FeedContext, FeedCounters, TopicFeed, TopicFeedFactory } from './topicFeed.ts';
import { connectBroker } from './brokerConnection.ts';
import { tally } from '../sources/tally.ts';

declare const self: DedicatedWorkerGlobalScope;

const FLUSH_MS = 16;

const FEEDS = Object.values(import.meta.glob<{ feed: TopicFeedFactory }>('../domains/*/liveTopics.ts', { eager: true })).map((m) => m.feed);

const post = (event: LiveEvent, transfer: Transferable[] = []): void => self.postMessage(event, transfer);

let client: MqttClient | null = null;
/** The other connections' workers, when the readings come over several (shares.ts). */
let sharePorts: MessagePort[] = [];
/** Set once the registry is in: reconnects with another login (an operator signing in or out). */
let relogin: ((login: LiveLogin) => void) | null = null;
let sendCommand: ((command: LiveCommands['command']['command']) => void) | null = null;
/** The domains' feeds, made once the registry is in. */
let feeds: TopicFeed[] | null = null;
/** The latest command of each type a domain's feed takes, kept until the feeds are made. */
const held = new Map<string, LiveCommand>();

/** Hands a command to the feed that takes its type. */
function toFeed(cmd: LiveCommand): void {
  for (const f of feeds ?? []) {
    const take = f.commands?.[cmd.type as keyof LiveCommands] as ((c: LiveCommand) => void) | undefined;
    if (take) return take(cmd);
  }
}

self.addEventListener('message', (e: MessageEvent<LiveCommand>) => {
  const cmd = e.data;
  switch (cmd.type) {
    case 'stop':
      client?.end(true);
      client = null;
      for (const port of sharePorts) port.postMessage({ type: 'stop' });
      return;
    case 'login':
      return relogin?.(cmd);
    case 'command':
      return sendCommand?.(cmd.command);
    case 'start':
      void start(cmd).catch((err: unknown) => post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }));
      return;
    default:
      if (feeds) toFeed(cmd);
      else held.set(cmd.type, cmd);
  }
});

/** The diagnostics the page shows once a second, and the counters that feed them. */
function diagnostics(): { diag: Omit<LiveDiagnostics, 'type'>; count: FeedCounters; counted: FeedContext['counted'] } {
  const diag: Omit<LiveDiagnostics, 'type'> = { received: 0, accepted: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 };
  const refused = (reason: RejectReason, detail: string): void => {
    tally(diag.rejects, reason);
    diag.lastError = { reason, detail, at: Date.now() };
  };
  const count: FeedCounters = { received: () => void diag.received++, accepted: () => void diag.accepted++, refused };
  /** Counts a decoded reading or sign in the diagnostics; true when it was accepted. */
  const counted = (d: Decoded): d is Extract<Decoded, { ok: true }> => {
    diag.received++;
    if (d.ok) {
      diag.accepted++;
      return true;
    }
    if (d.duplicate) diag.duplicates++;
    else refused(d.reason, d.detail);
    return false;
  };
  return { diag, count, counted };
}

async function start(cmd: LiveStart): Promise<void> {
  const { registry, columns } = await loadRegistry(cmd.registryUrl);
  const { wire, transfer } = toWire(columns);
  post({ type: 'registry', registry: wire }, transfer);
  const decoder = new Decoder(registry, cmd.topicPrefix);
  const latest = new LatestReadings(registry.props, registry.positions);
  let messages = 0;
  const { diag, count, counted } = diagnostics();
  const subscribe = (filter: string): void => void (client?.connected && client.subscribe(filter, { qos: 0 }));
  const made = FEEDS.map((make) => make({ topicPrefix: cmd.topicPrefix, registry, post, count, counted, subscribe }));
  feeds = made;
  for (const wanted of held.values()) toFeed(wanted);
  held.clear();

  const apply = (d: Decoded): void => {
    if (!counted(d)) return;
    latest.apply(d.index, d.reading);
    messages++;
  };
  const sensorPrefix = `${cmd.topicPrefix}/sensor/`;
  // Through a conflating relay the readings come as batches instead (batchContract.ts).
  const relayed = cmd.sensorFeed === 'relay';
  const batchPrefix = batchFilter(cmd.topicPrefix).slice(0, -1);
  /** A topic no feed takes is judged as a reading: the decoder refuses it with its reason. */
  const onMessage = (topic: string, payload: Uint8Array): boolean => {
    if (topic.startsWith(sensorPrefix)) return false;
    if (relayed && topic.startsWith(batchPrefix)) {
      for (const d of decoder.decodeBatch(topic, payload)) apply(d);
      return true;
    }
    return made.some((f) => f.message(topic, payload));
  };
  // Several connections (shares.ts): this worker reads the first share of the kinds, and each
  // port's worker another, handing over its changed sensors as this worker's flush would.
  const shares = !relayed && cmd.shares?.length ? shareKinds(registry.kinds, cmd.shares.length + 1) : null;
  if (shares) {
    sharePorts = cmd.shares!;
    const warning = Float64Array.from(registry.props, (p) => p.warning);
    const alarm = Float64Array.from(registry.props, (p) => p.alarm);
    sharePorts.forEach((port, k) => {
      port.addEventListener('message', (m: MessageEvent<ShareDelta>) => {
        const d = m.data;
        diag.received += d.received;
        diag.accepted += d.accepted;
        diag.duplicates += d.duplicates;
        for (const [reason, n] of Object.entries(d.rejects) as [RejectReason, number][]) diag.rejects[reason] = (diag.rejects[reason] ?? 0) + n;
        if (d.lastError) diag.lastError = d.lastError;
        messages += d.accepted;
        latest.merge(d);
      });
      port.start();
      port.postMessage({ type: 'start', mqttUrl: cmd.mqttUrl, topicPrefix: cmd.topicPrefix, username: cmd.username, password: cmd.password, subscribe: shares[k + 1]!, ids: registry.ids, kinds: registry.kinds, warning, alarm } satisfies ShareStart);
    });
  }
  const sensorFilters = relayed ? [batchFilter(cmd.topicPrefix)] : shares ? shares[0]!.map((k) => kindFilter(cmd.topicPrefix, k)) : [sensorFilter(cmd.topicPrefix)];

  setInterval(() => {
    for (const f of made) f.flush?.();
    if (!latest.pending) return;
    const delta: LiveDelta = { type: 'delta', ...latest.take(), messages };
    messages = 0;
    post(delta, columnBuffers(delta));
  }, FLUSH_MS);
  setInterval(() => post({ type: 'diagnostics', ...diag, rejects: { ...diag.rejects } }), 1000);

  const broker = connectBroker({
    start: cmd,
    post,
    filters: () => [...sensorFilters, ...made.flatMap((f) => f.filters())],
    onMessage: (topic, payload) => {
      if (!onMessage(topic, payload)) apply(decoder.decode(topic, payload));
    },
    fail: (detail) => {
      diag.lastError = { reason: 'connection', detail, at: Date.now() };
    },
    reconnected: () => void diag.reconnects++,
    connected: () => made.forEach((f) => f.connected?.()),
    settled: () => made.forEach((f) => f.settled?.()),
    current: () => client,
    relogin: (login) => relogin?.(login),
  });
  client = broker.connect(cmd);
  relogin = (login) => {
    client?.end(true);
    made.forEach((f) => f.relogin?.());
    client = broker.connect(login.username ? login : cmd);
  };
  sendCommand = (command) => broker.send(command);
}
