/// <reference lib="webworker" />
/**
 * The live feed, off the main thread: MQTT over WebSocket, decoding and validation, alert levels,
 * and merging. The page receives one delta per flush with the latest reading of each sensor that
 * changed, so the main thread's cost follows the number of sensors, not the message rate.
 */
import '../config/zodJitless.ts';
import mqtt, { type MqttClient } from 'mqtt';
import { toWire } from './registryWire.ts';
import { MAX_PAYLOAD_BYTES, sensorFilter } from './contract.ts';
import { loadRegistry } from './registryLoad.ts';
import { Decoder, type Decoded, type RejectReason } from './decode.ts';
import { columnBuffers, LatestReadings } from './latestReadings.ts';
import { CoalescingSocket } from './coalescingSocket.ts';
import { batchFilter } from './batchContract.ts';
import { violationFilter, violationSchema, type ViolationRecord } from '../domains/trucks/contract.ts';
import { alarmFilter, registryAlarmSchema, commandTopic, instanceFilter, opsPrefixOf, resultTopic, commandResultSchema, systemFilter, type AlarmMessage, type Command } from '../domains/alarms/contract.ts';
import { SystemAlarmFeed } from '../domains/alarms/systemAlarms.ts';
import type { LiveCommand, LiveCrowd, LiveDelta, LiveDiagnostics, LiveEvent, LiveLogin, LiveSigns, LiveStart, ShareDelta, ShareStart } from './liveProtocol.ts';
import { kindFilter, shareKinds } from './shares.ts';
import { signFilter } from '../domains/signs/catalogue.ts';
import { loadSignFeed, type SignFeed } from '../domains/signs/signFeed.ts';
import { SIGN_IN_RESULT } from './liveProtocol.ts';
import { caseFilter, caseMessageSchema, type CaseMessage } from '../domains/cases/contract.ts';
import { crowdFilter } from '../domains/crowd/contract.ts';
import { crowdAreaWeights, CrowdFeed, loadCrowdModel, type CrowdCounters } from '../domains/crowd/crowdFeed.ts';

declare const self: DedicatedWorkerGlobalScope;

const FLUSH_MS = 16;
/** Vital signs change at most every few seconds: the page hears of them twice a second. */
const SIGN_FLUSH_MS = 500;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

const post = (event: LiveEvent, transfer: Transferable[] = []): void => self.postMessage(event, transfer);

let client: MqttClient | null = null;
/** The other connections' workers, when the readings come over several (shares.ts). */
let sharePorts: MessagePort[] = [];
/** Set once the registry is in: reconnects with another login (an operator signing in or out). */
let relogin: ((login: LiveLogin) => void) | null = null;
let sendCommand: ((command: Command) => void) | null = null;
/** The vital signs asked for, kept until the live feed has started. */
let signsWanted: LiveSigns | null = null;
let enableSigns: ((cmd: LiveSigns) => void) | null = null;
/** The crowds asked for, kept until the live feed has started. */
let crowdWanted: LiveCrowd | null = null;
let enableCrowd: ((cmd: LiveCrowd) => void) | null = null;
/** The crowd model once loaded, and its hexagons by H3 index (made at the first area asked for). */

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
    case 'signs':
      signsWanted = cmd;
      return enableSigns?.(cmd);
    case 'crowd':
      crowdWanted = cmd;
      return enableCrowd?.(cmd);
    case 'crowd-area': {
      const weights = crowdAreaWeights(cmd.ring);
      if (!weights) return post({ type: 'crowd-area', id: cmd.id, weights: null, error: 'the crowd model is not loaded' });
      return post({ type: 'crowd-area', id: cmd.id, weights }, [weights.hexes.buffer, weights.km2.buffer]);
    }
    case 'start':
      void start(cmd).catch((err: unknown) => post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }));
  }
});

async function start(cmd: LiveStart): Promise<void> {
  const { registry, columns } = await loadRegistry(cmd.registryUrl);
  const { wire, transfer } = toWire(columns);
  post({ type: 'registry', registry: wire }, transfer);
  const decoder = new Decoder(registry, cmd.topicPrefix);
  const latest = new LatestReadings(registry.props, registry.positions);
  let messages = 0;
  const diag: Omit<LiveDiagnostics, 'type'> = { received: 0, accepted: 0, duplicates: 0, rejects: {}, lastError: null, reconnects: 0 };
  const fail = (reason: RejectReason | 'connection', detail: string): void => {
    diag.lastError = { reason, detail, at: Date.now() };
  };
  /** Counts a decoded reading or sign in the diagnostics; true when it was accepted. */
  const counted = (d: Decoded): d is Extract<Decoded, { ok: true }> => {
    diag.received++;
    if (d.ok) {
      diag.accepted++;
      return true;
    }
    if (d.duplicate) diag.duplicates++;
    else {
      diag.rejects[d.reason] = (diag.rejects[d.reason] ?? 0) + 1;
      fail(d.reason, d.detail);
    }
    return false;
  };

  // Retained alarms from the operations service, batched like the readings.
  const alarmPrefix = `${cmd.topicPrefix}/alarm/`;
  const instancePrefix = `${cmd.topicPrefix}/ops/instance/`;
  const opsPrefix = opsPrefixOf(cmd.topicPrefix);
  const alarmUpdates = new Map<string, AlarmMessage | null>();
  const alarmSchema = registryAlarmSchema(registry);
  const violationPrefix = `${cmd.topicPrefix}/violation/`;
  const violationUpdates = new Map<string, ViolationRecord | null>();
  const casePrefix = `${cmd.topicPrefix}/case/`;
  const caseUpdates = new Map<string, CaseMessage | null>();
  const instances = new Set<string>();
  const systemAlarms = new SystemAlarmFeed(systemFilter(cmd.topicPrefix).slice(0, -1), MAX_PAYLOAD_BYTES, (detail) => {
    diag.rejects['bad-system-alarm'] = (diag.rejects['bad-system-alarm'] ?? 0) + 1;
    fail('bad-system-alarm', detail);
  });
  let alarmsSettled = false;
  let alarmsDirty = false;
  let username: string | null = cmd.username ?? null;
  const text = new TextDecoder();
  /**
   * A retained record whose topic ends in its id (an alarm, a violation): an empty payload clears
   * it (null), a record that passes its schema with that id is kept, anything else is refused.
   */
  const retained = <T extends { id: string }>(id: string, payload: Uint8Array, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, into: Map<string, T | null>, reason: 'bad-alarm' | 'bad-violation' | 'bad-case'): void => {
    if (payload.byteLength === 0) {
      into.set(id, null);
      return;
    }
    let parsed: ReturnType<typeof schema.safeParse> | null = null;
    try {
      parsed = schema.safeParse(JSON.parse(text.decode(payload)));
    } catch {
      parsed = null;
    }
    if (parsed?.success && parsed.data.id === id) into.set(id, parsed.data);
    else {
      diag.rejects[reason] = (diag.rejects[reason] ?? 0) + 1;
      fail(reason, `${id.slice(0, 64)}: ${parsed ? (parsed.success ? 'id differs from its topic' : (parsed.error.issues[0]?.message ?? 'invalid')) : 'not JSON'}`);
    }
  };
  const onOpsMessage = (topic: string, payload: Uint8Array): boolean => {
    if (topic.startsWith(alarmPrefix)) {
      alarmsDirty = true;
      retained(topic.slice(alarmPrefix.length), payload, alarmSchema, alarmUpdates, 'bad-alarm');
      return true;
    }
    if (topic.startsWith(violationPrefix)) {
      retained(topic.slice(violationPrefix.length), payload, violationSchema, violationUpdates, 'bad-violation');
      return true;
    }
    if (topic.startsWith(casePrefix)) {
      diag.received++;
      if (payload.byteLength > MAX_PAYLOAD_BYTES) {
        diag.rejects['too-large'] = (diag.rejects['too-large'] ?? 0) + 1;
        fail('too-large', `${topic}: ${payload.byteLength} bytes`);
        return true;
      }
      const before = diag.rejects['bad-case'] ?? 0;
      retained(topic.slice(casePrefix.length), payload, caseMessageSchema, caseUpdates, 'bad-case');
      if ((diag.rejects['bad-case'] ?? 0) === before) diag.accepted++;
      return true;
    }
    if (topic.startsWith(systemAlarms.prefix)) {
      systemAlarms.message(topic, payload);
      return true;
    }
    if (topic.startsWith(instancePrefix)) {
      const name = topic.slice(instancePrefix.length);
      if (payload.byteLength > 0) instances.add(name);
      else instances.delete(name);
      alarmsDirty = true;
      return true;
    }
    if (username && topic === resultTopic(opsPrefix, username)) {
      try {
        const r = commandResultSchema.safeParse(JSON.parse(text.decode(payload)));
        if (r.success) post({ type: 'result', result: r.data });
      } catch {
        // Not ours to judge: only the service publishes here (the ACL).
      }
      return true;
    }
    return false;
  };

  // The vital signs: decoded like readings, the latest per series flushed twice a second.
  // The vital signs (signFeed.ts), once their catalogue is loaded.
  let signs: SignFeed | null = null;
  enableSigns = (wanted) => {
    if (signs) return;
    loadSignFeed(wanted, cmd.topicPrefix, post)
      .then((feed) => {
        signs = feed;
        if (client?.connected) client.subscribe(signFilter(cmd.topicPrefix), { qos: 0 });
      })
      .catch((err: unknown) => post({ type: 'catalogue-error', message: err instanceof Error ? err.message : String(err) }));
  };
  setInterval(() => signs?.flush(), SIGN_FLUSH_MS);

  // The crowds (crowdFeed.ts), once their model is loaded.
  let crowd: CrowdFeed | null = null;
  const crowdCounters: CrowdCounters = {
    received: () => void diag.received++,
    accepted: () => void diag.accepted++,
    refused: (reason, detail) => {
      diag.rejects[reason] = (diag.rejects[reason] ?? 0) + 1;
      fail(reason, detail);
    },
  };
  enableCrowd = (wanted) => {
    if (crowd) return;
    loadCrowdModel(wanted, post)
      .then((model) => {
        crowd = new CrowdFeed(model, `${cmd.topicPrefix}/crowd/`, post, crowdCounters);
        if (client?.connected) client.subscribe(crowdFilter(cmd.topicPrefix), { qos: 0 });
      })
      .catch((err: unknown) => post({ type: 'crowd-error', message: err instanceof Error ? err.message : String(err) }));
  };

  const sensorPrefix = `${cmd.topicPrefix}/sensor/`;
  // Through a conflating relay the readings come as batches instead (batchContract.ts).
  const relayed = cmd.sensorFeed === 'relay';
  const batchPrefix = batchFilter(cmd.topicPrefix).slice(0, -1);
  const onMessage = (topic: string, payload: Uint8Array): void => {
    if (!topic.startsWith(sensorPrefix)) {
      if (signs && topic.startsWith(signs.prefix)) return signs.message(topic, payload, counted);
      if (crowd && topic.startsWith(crowd.prefix)) return crowd.message(topic, payload);
      if (relayed && topic.startsWith(batchPrefix)) {
        for (const d of decoder.decodeBatch(topic, payload)) apply(d);
        return;
      }
      if (onOpsMessage(topic, payload)) return;
    }
    apply(decoder.decode(topic, payload));
  };
  // Several connections (shares.ts): this worker reads the first share of the kinds, and each
  // port's worker another, handing over its changed sensors as this worker's flush would.
  const shares = !relayed && cmd.shares?.length ? shareKinds(registry.kinds, cmd.shares.length + 1) : null;
  const mergeShare = (d: ShareDelta): void => {
    diag.received += d.received;
    diag.accepted += d.accepted;
    diag.duplicates += d.duplicates;
    for (const [reason, count] of Object.entries(d.rejects) as [RejectReason, number][]) diag.rejects[reason] = (diag.rejects[reason] ?? 0) + count;
    if (d.lastError) diag.lastError = d.lastError;
    messages += d.accepted;
    latest.merge(d);
  };
  if (shares) {
    sharePorts = cmd.shares!;
    const warning = Float64Array.from(registry.props, (p) => p.warning);
    const alarm = Float64Array.from(registry.props, (p) => p.alarm);
    sharePorts.forEach((port, k) => {
      port.addEventListener('message', (m: MessageEvent<ShareDelta>) => mergeShare(m.data));
      port.start();
      port.postMessage({ type: 'start', mqttUrl: cmd.mqttUrl, topicPrefix: cmd.topicPrefix, username: cmd.username, password: cmd.password, subscribe: shares[k + 1]!, ids: registry.ids, kinds: registry.kinds, warning, alarm } satisfies ShareStart);
    });
  }
  const sensorFilters = relayed ? [batchFilter(cmd.topicPrefix)] : shares ? shares[0]!.map((k) => kindFilter(cmd.topicPrefix, k)) : [sensorFilter(cmd.topicPrefix)];
  const apply = (d: Decoded): void => {
    if (!counted(d)) return;
    latest.apply(d.index, d.reading);
    messages++;
  };

  setInterval(() => {
    if (alarmsDirty) {
      alarmsDirty = false;
      post({ type: 'alarms', updates: [...alarmUpdates], instances: instances.size, settled: alarmsSettled });
      alarmUpdates.clear();
    }
    const system = systemAlarms.take();
    if (system) post({ type: 'system-alarms', alarms: system });
    if (violationUpdates.size > 0) {
      post({ type: 'violations', updates: [...violationUpdates] });
      violationUpdates.clear();
    }
    if (caseUpdates.size > 0) {
      post({ type: 'cases', updates: [...caseUpdates] });
      caseUpdates.clear();
    }
    crowd?.flush();
    if (!latest.pending) return;
    const delta: LiveDelta = { type: 'delta', ...latest.take(), messages };
    messages = 0;
    post(delta, columnBuffers(delta));
  }, FLUSH_MS);
  setInterval(() => post({ type: 'diagnostics', ...diag, rejects: { ...diag.rejects } }), 1000);

  let attempt = 0;
  const connect = (login: { username?: string; password?: string }): MqttClient => {
    post({ type: 'connection', state: 'connecting' });
    username = login.username ?? null;
    const c = mqtt.connect(cmd.mqttUrl, {
      username: login.username,
      password: login.password,
      clientId: `canton-viewer-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: BACKOFF_MIN_MS,
      connectTimeout: 10_000,
      // The broker resends retained values on every subscribe, so a fresh session loses nothing.
      clean: true,
      resubscribe: true,
      createWebsocket: (url: string, protocols: string[]) => new CoalescingSocket(url, protocols) as unknown as WebSocket,
    });
    c.on('connect', () => {
      attempt = 0;
      c.options.reconnectPeriod = BACKOFF_MIN_MS;
      alarmsSettled = false;
      systemAlarms.connected();
      // Command results only for an operator's login; a viewer's is refused, and that is fine.
      if (username) c.subscribe(resultTopic(opsPrefix, username), { qos: 1 }, () => undefined);
      if (signs) c.subscribe(signFilter(cmd.topicPrefix), { qos: 0 });
      if (crowd) c.subscribe(crowdFilter(cmd.topicPrefix), { qos: 0 });
      c.subscribe([...sensorFilters, alarmFilter(cmd.topicPrefix), instanceFilter(cmd.topicPrefix), systemFilter(cmd.topicPrefix), violationFilter(cmd.topicPrefix), caseFilter(cmd.topicPrefix)], { qos: 0 }, (err) => {
        if (err) fail('connection', `subscribe: ${err.message}`);
        // The retained alarms come right after the subscription is granted; a moment later the
        // page may decide that no service runs.
        setTimeout(() => {
          alarmsSettled = true;
          alarmsDirty = true;
          systemAlarms.settled();
        }, 1500);
      });
      post({ type: 'connection', state: 'connected' });
      // The broker took the login: only now is the operator signed in.
      post({ type: 'login', username });
    });
    c.on('message', onMessage);
    /**
     * An operator's login that the broker refuses falls back to the deployment's own login
     * instead of retrying it. Aedes may close the socket before its refusal arrives, so a close
     * before the first connect counts too.
     */
    let accepted = false;
    const signInFailed = (): void => {
      if (accepted || login === cmd || client !== c) return;
      accepted = true;
      post({ type: 'result', result: { id: SIGN_IN_RESULT, ok: false, error: 'sign-in refused' } });
      queueMicrotask(() => relogin?.({ type: 'login' }));
    };
    c.on('connect', () => {
      accepted = true;
    });
    c.on('close', () => {
      signInFailed();
      // Exponential backoff with jitter: a restarted broker is not stormed by every viewer at once.
      attempt++;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
      c.options.reconnectPeriod = Math.round(delay);
      post({ type: 'connection', state: 'reconnecting', retryInMs: Math.round(delay) });
    });
    c.on('reconnect', () => {
      diag.reconnects++;
      post({ type: 'connection', state: 'connecting' });
    });
    c.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      if (code === 4 || code === 5) signInFailed();
      fail('connection', err.message);
      post({ type: 'connection', state: 'error', detail: err.message });
    });
    return c;
  };
  client = connect(cmd);
  if (signsWanted) enableSigns(signsWanted);
  if (crowdWanted) enableCrowd(crowdWanted);
  relogin = (login) => {
    client?.end(true);
    instances.clear();
    client = connect(login.username ? login : cmd);
  };
  sendCommand = (command) => {
    if (!client?.connected || !username) return post({ type: 'result', result: { id: command.id, ok: false, error: 'not signed in, or not connected' } });
    client.publish(commandTopic(opsPrefix, username), JSON.stringify(command), { qos: 1 }, (err) => {
      if (err) post({ type: 'result', result: { id: command.id, ok: false, error: err.message } });
    });
  };
}
