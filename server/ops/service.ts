/**
 * The operations service: an MQTT client (not a broker) that owns the alarm state every screen
 * shares. It subscribes to the readings, runs the alarm rules (src/domains/alarms: the same levels and
 * hysteresis as the page's local fallback), keeps each alarm as a retained message, applies the
 * operators' commands and writes the audit trail.
 *
 * Scale-out: N instances read the readings through one shared subscription ($share/{group}/…),
 * which the broker spreads message by message. Each alarm is owned by exactly one instance,
 * chosen by rendezvous hashing of the sensor id over the instances online (./ownership.ts; their
 * retained `ops/instance` messages; a will clears a dead one). An instance that decodes a reading
 * or a command for an alarm it does not own passes it to the owner in a batch on the owner's
 * route topic (./routing.ts). Every instance reads every retained alarm, so a new owner takes over
 * where the old one stopped. Commands: ./commands.ts; what a start restores: ./restore.ts; what
 * stops an instance doing its job, raised as a system alarm: ./systemAlarms.ts.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientSubscribeOptions, type ISubscriptionMap, type MqttClient } from 'mqtt';
import { AlarmBook, isAudited, type Alarm, type Transition } from '../../src/domains/alarms/alarmBook.ts';
import { AlertLevels } from '../../src/domains/alarms/levels.ts';
import { alarmFilter, alarmMessageSchema, alarmTopic, CommandGate, commandFilter, instanceFilter, instanceTopic, opsPrefixOf, systemTopic, type AlarmMessage } from '../../src/domains/alarms/contract.ts';
import { sensorFilter } from '../../src/live/contract.ts';
import { Decoder } from '../../src/live/decode.ts';
import { AuditLog, transitionRow } from './auditLog.ts';
import { readUsers } from './users.ts';
import { startSignService } from '../../src/domains/signs/server/signs.ts';
import { TruckGovernance } from '../../src/domains/trucks/server/truckGovernance.ts';
import { startCrowdService } from '../../src/domains/crowd/server/crowd.ts';
import { markerOnline, Ownership } from './ownership.ts';
import { commandHandler } from './commands.ts';
import { Outbox, readRoute, ROUTE_FLUSH_MS } from './routing.ts';
import { restoreFromDatabase, settle } from './restore.ts';
import { checkHealth, HEALTH_CHECK_MS, SystemAlarms } from '../../src/domains/alarms/server/systemAlarms.ts';

import type { OpsOptions, OpsService, OpsStats } from './opsTypes.ts';
import { tally } from '../../src/sources/tally.ts';

export type { OpsOptions, OpsService, OpsStats } from './opsTypes.ts';

/** Raised peaks reach the other screens at most this often. */
const PEAK_FLUSH_MS = 5000;
/** How long a crashed instance's session (and its share of the readings) outlives it. */
const SESSION_EXPIRY_S = 60;

export function startOpsService(o: OpsOptions): OpsService {
  const now = o.now ?? Date.now;
  const instance = o.instance ?? `ops-${randomBytes(4).toString('hex')}`;
  const opsPrefix = opsPrefixOf(o.prefix);
  const registry = o.registry;
  const n = registry.ids.length;
  const book = new AlarmBook(registry);
  const levels = new AlertLevels(registry.props);
  const decoder = new Decoder(registry, o.prefix, now);
  const audit = new AuditLog(o.database, instance);
  let operators = new Set<string>();
  const loadOperators = (): void => {
    const users = readUsers(o.usersDir);
    operators = new Set([...users.roles].filter(([, role]) => role === 'operator').map(([name]) => name));
  };
  loadOperators();
  const gate = new CommandGate(opsPrefix, (name) => {
    if (!operators.has(name)) loadOperators(); // an operator added since
    return operators.has(name);
  });

  const stats: Omit<OpsStats, 'members' | 'owned' | 'listed' | 'audit' | 'connected' | 'cpuMs' | 'trucks' | 'system'> = { instance, decoded: 0, evaluated: 0, routedOut: 0, routedIn: 0, rejects: {}, commands: { accepted: 0, refused: {} }, alarmsPublished: 0, foreignAlarms: 0, reconnects: 0 };
  /** Every retained alarm, whoever owns it. */
  const known = new Map<string, AlarmMessage>();
  const ownership = new Ownership(registry.ids, instance, () => {
    if (governanceStarted) void governance?.ownersChanged();
    // Alarms that moved here continue from their retained copy; those that moved away are let go.
    for (const a of book.list()) if (ownership.elsewhere(a.sensor) !== null) {
      book.forget(a.id);
      levels.levels[a.sensor] = 0;
    }
    const taken: Alarm[] = [];
    for (const m of known.values()) {
      const i = book.sensorIndex(m.id);
      if (i !== undefined && ownership.elsewhere(i) === null && !book.get(m.id)) taken.push(m);
    }
    adopt(taken);
  });
  const elsewhere = (index: number): string | null => ownership.elsewhere(index);
  /** Per sensor, the time of the last change of an alarm taken over: older readings are history. */
  const floor = new Float64Array(n);
  const adopt = (records: readonly Alarm[]): void => {
    book.restore(records);
    for (const r of records) {
      const a = book.get(r.id);
      if (a) {
        levels.levels[a.sensor] = a.level;
        floor[a.sensor] = a.updatedAt;
      }
    }
  };

  const share = o.share === undefined ? 'ops' : o.share;
  const client: MqttClient = mqtt.connect(o.url, {
    username: o.username,
    password: o.password,
    clientId: `${o.username}:${instance}`,
    // A persistent session: what arrives while the service restarts (commands, readings at QoS 1)
    // waits for it. With a shared subscription the session also holds this instance's share, so
    // on MQTT 5 it expires a minute after a crash and the broker gives the share to the others;
    // Aedes 1.x (no shared subscriptions) speaks MQTT 3.1.1.
    clean: false,
    ...(share ? { protocolVersion: 5 as const, properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
    keepalive: 5,
    reconnectPeriod: 1000,
    will: { topic: instanceTopic(o.prefix, instance), payload: Buffer.alloc(0), qos: 1, retain: true },
  });
  /** The readings and commands, shared between the instances when `share` is set. */
  const workFilters = [sensorFilter(o.prefix), commandFilter(opsPrefix)].map((f) => (share ? `$share/${share}/${f}` : f));
  const sensorPrefix = `${o.prefix}/sensor/`;
  const alarmPrefix = `${o.prefix}/alarm/`;
  const instancePrefix = `${o.prefix}/ops/instance/`;
  const commandPrefix = `${opsPrefix}/command/`;
  const routeTopic = `${opsPrefix}/route/${instance}`;
  const system = new SystemAlarms(o.prefix, instance, (topic, payload) => void client.publish(topic, payload, { qos: 1, retain: true }), now);

  // ---- publishing ----
  const publishAlarm = (a: Alarm): void => {
    stats.alarmsPublished++;
    client.publish(alarmTopic(o.prefix, a.id), JSON.stringify({ ...a, owner: instance } satisfies AlarmMessage), { qos: 1, retain: true });
  };
  const clearAlarm = (id: string): void => {
    stats.alarmsPublished++;
    client.publish(alarmTopic(o.prefix, id), Buffer.alloc(0), { qos: 1, retain: true });
  };
  const apply = (transitions: readonly Transition[]): void => {
    for (const t of transitions) {
      if (isAudited(t)) audit.append(transitionRow(t, registry.props[t.sensor]!.district, registry.kinds[t.sensor]!));
      // Durable before announced: a crash in between must not lose an alarm screens have shown.
      const { record, alarm } = t;
      audit.afterWrite(() => (record ? publishAlarm(record) : clearAlarm(alarm)));
    }
  };

  // ---- muck trucks ----
  const governance = o.trucks ? new TruckGovernance(o.trucks, registry, o.database, o.prefix, (topic, payload) => void client.publish(topic, payload, { qos: 1, retain: true }), (i) => ownership.elsewhere(i) === null, now) : null;
  let governanceStarted = false;

  // ---- readings ----
  const peaks = new Set<number>();
  const evaluate = (index: number, value: number, ts: number): void => {
    stats.evaluated++;
    // A retained reading older than an alarm taken over (after a restart) is history.
    if (ts < floor[index]!) return;
    const change = levels.apply(index, value, ts);
    if (change) apply(book.level(change));
    else if (book.observe(index, value, ts)) peaks.add(index);
  };
  const outbox = new Outbox();
  const truckFix = (index: number, ts: number, lon: number, lat: number, speed: number): void => {
    const to = elsewhere(index);
    if (to === null) governance!.fix(index, ts, lon, lat, speed);
    else outbox.to(to).f.push(index, ts, lon, lat, speed);
  };
  const onReading = (topic: string, payload: Buffer): void => {
    const d = decoder.decode(topic, payload);
    if (!d.ok) {
      if (!d.duplicate) tally(stats.rejects, d.reason);
      return;
    }
    stats.decoded++;
    const { lon, lat } = d.reading;
    if (governance && lon !== undefined && lat !== undefined && governance.slotOf[d.index]! >= 0) truckFix(d.index, d.reading.ts, lon, lat, d.reading.value);
    const to = elsewhere(d.index);
    if (to === null) evaluate(d.index, d.reading.value, d.reading.ts);
    else {
      stats.routedOut++;
      outbox.to(to).r.push(d.index, d.reading.value, d.reading.ts);
    }
  };

  // ---- commands ----
  const onCommand = commandHandler({
    gate,
    book,
    audit,
    opsPrefix,
    now,
    stats: stats.commands,
    routeElsewhere: (index, topic, payload) => {
      const to = elsewhere(index);
      if (to === null) return false;
      stats.routedOut++;
      outbox.to(to).c.push({ t: topic, p: payload.toString('utf8') });
      return true;
    },
    apply,
    publish: (topic, payload) => void client.publish(topic, payload, { qos: 1 }),
  });
  const onRoute = (payload: Buffer): void => {
    stats.routedIn += readRoute(payload, n, commandPrefix, {
      // Ownership may have moved again since: pass it on rather than evaluate a stranger's alarm.
      reading: (i, v, ts) => {
        const to = elsewhere(i);
        if (to === null) evaluate(i, v, ts);
        else outbox.to(to).r.push(i, v, ts);
      },
      fix: (i, ts, lon, lat, speed) => governance && truckFix(i, ts, lon, lat, speed),
      command: onCommand,
    });
  };

  // ---- shared state ----
  const onAlarm = (id: string, payload: Buffer): void => {
    if (payload.length === 0) {
      known.delete(id);
      return;
    }
    let parsed = null;
    try {
      parsed = alarmMessageSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      parsed = null;
    }
    const index = book.sensorIndex(id);
    if (index !== undefined && parsed?.success && parsed.data.id === id && parsed.data.sensor === index) {
      known.set(id, parsed.data);
      return;
    }
    // Not an alarm of a registered sensor (an unknown id, a record for another sensor, garbage):
    // no screen may keep it. Its owner puts its own copy in its place; otherwise it is cleared.
    stats.foreignAlarms++;
    known.delete(id);
    const mine = index !== undefined && elsewhere(index) === null ? book.get(id) : undefined;
    if (mine) publishAlarm(mine);
    else clearAlarm(id);
  };
  const onInstance = (name: string, payload: Buffer): void => {
    const online = markerOnline(payload);
    // Our own marker cleared while we run: a will of a connection the broker dropped, arriving
    // after we came back. Every screen would fall back to local alarms: publish it again.
    if (name === instance && !online && running && !stopping && client.connected) publishMarker();
    ownership.seen(name, online);
  };

  let marker = '';
  let running = false;
  let stopping = false;
  const publishMarker = (): void => void client.publish(instanceTopic(o.prefix, instance), marker, { qos: 1, retain: true });
  /**
   * After a reconnect: the will cleared our marker, and the broker may have lost our session (a
   * new one: mqtt.js subscribes again) or its whole retained store (Aedes restarted). The marker
   * and the system alarms go out again; with a new session the retained alarms and markers are
   * read again, and what we own that the store lacks is published again.
   */
  const reestablish = async (sessionPresent: boolean): Promise<void> => {
    stats.reconnects++;
    publishMarker();
    system.republish();
    if (sessionPresent) {
      // Mosquitto 2.0.11 restores a session from its store after a restart without its shared
      // subscriptions (measured: plain ones kept), and mqtt.js resubscribes only a new session
      // (and skips a filter it holds unless told `resubscribe`). The same filter replaces a kept
      // subscription, and a shared one brings no retained messages. A failure means the
      // connection dropped: the next connect tries again.
      const again: ISubscriptionMap = Object.assign(Object.fromEntries(workFilters.map((f): [string, IClientSubscribeOptions] => [f, { qos: 1 }])), { resubscribe: true });
      if (share) await client.subscribeAsync(again).catch(() => undefined);
      return;
    }
    known.clear();
    ownership.forget();
    await settle(() => lastMessage);
    ownership.refresh();
    for (const a of book.list()) {
      const k = known.get(a.id);
      if (!k || k.rev < a.rev) audit.afterWrite(() => publishAlarm(a));
    }
  };

  client.on('connect', (connack) => {
    // Alarms go out one small packet at a time: no Nagle on our side of the socket either (the
    // brokers set it on theirs; bench:ops measured 40 ms per alarm without).
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    if (running && !stopping) void reestablish(connack.sessionPresent);
  });

  let lastMessage = Date.now();
  /**
   * Readings, commands and routed batches that arrive before the state is restored (a persistent
   * session delivers what waited for us at once) wait here, so that none is judged against an
   * empty book.
   */
  let early: [string, Buffer][] | null = [];
  const onWork = (topic: string, payload: Buffer): void => {
    if (topic.startsWith(sensorPrefix)) return onReading(topic, payload);
    if (topic.startsWith(commandPrefix)) return onCommand(topic, payload);
    if (topic === routeTopic) return onRoute(payload);
  };
  client.on('message', (topic, payload) => {
    lastMessage = Date.now();
    if (topic.startsWith(sensorPrefix) || topic.startsWith(commandPrefix) || topic === routeTopic) {
      if (early) early.push([topic, payload]);
      else onWork(topic, payload);
      return;
    }
    if (topic.startsWith(alarmPrefix)) return onAlarm(topic.slice(alarmPrefix.length), payload);
    if (topic.startsWith(instancePrefix)) return onInstance(topic.slice(instancePrefix.length), payload);
  });

  const health = async (): Promise<void> => {
    await checkHealth(system, o.database, o.usersDir);
    audit.setProblem(system.get('database'));
  };
  const timers: NodeJS.Timeout[] = [];
  const ready = (async () => {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    // First the shared state: who else runs, which alarms stand, and our own route.
    await client.subscribeAsync([instanceFilter(o.prefix), alarmFilter(o.prefix)], { qos: 1 });
    await client.subscribeAsync(routeTopic, { qos: 1 });
    await settle(() => lastMessage);
    // Then the database: the alarms as the audit trail last recorded them, and the commands applied.
    await restoreFromDatabase(o.database, gate, known, instance);
    ownership.refresh(true);
    marker = JSON.stringify({ instance, startedAt: now() });
    publishMarker();
    // Republish what we own, so the retained store holds the restored copy; then what waited.
    for (const a of book.list()) publishAlarm(a);
    if (governance) {
      await governance.start();
      governanceStarted = true;
    }
    const waiting = early ?? [];
    early = null;
    for (const [topic, payload] of waiting) onWork(topic, payload);
    audit.start();
    await client.subscribeAsync(workFilters, { qos: 1 });
    await health();
    running = true;
    timers.push(
      setInterval(() => apply(book.expire(now())), 1000),
      setInterval(() => outbox.flush((member, payload) => void client.publish(`${opsPrefix}/route/${member}`, payload, { qos: 1 })), ROUTE_FLUSH_MS),
      setInterval(() => {
        for (const i of peaks) {
          const a = book.get(registry.ids[i]!);
          // Behind any announcement still waiting for its audit row, so that it never overtakes one.
          if (a) audit.afterWrite(() => publishAlarm(a));
        }
        peaks.clear();
      }, PEAK_FLUSH_MS),
      setInterval(() => void health(), HEALTH_CHECK_MS),
    );
  })();

  const signs = o.signs
    ? startSignService({ url: o.url, username: o.username, password: o.password, clientId: `${o.username}:${instance}-signs`, registry, prefix: o.prefix, ...o.signs, publishes: () => ownership.members[0] === instance && early === null, now })
    : null;

  const crowd = o.crowd
    ? startCrowdService({ url: o.url, username: o.username, password: o.password, clientId: `${o.username}:${instance}-crowd`, prefix: o.prefix, model: o.crowd.model, catalogue: o.signs?.catalogue, publishes: () => ownership.members[0] === instance && early === null, now })
    : null;

  return {
    instance,
    ready,
    signs,
    crowd,
    database: o.database,
    alarms: () => [...known.values()],
    stats: () => ({ ...stats, rejects: { ...stats.rejects }, commands: { accepted: stats.commands.accepted, refused: { ...stats.commands.refused } }, members: [...ownership.members], connected: client.connected, owned: book.size, listed: known.size, audit: { ...audit.stats }, cpuMs: cpuMs(), trucks: governance?.stats() ?? null, system: system.list() }),
    stop: async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      await signs?.stop();
      await crowd?.stop();
      await governance?.stop();
      await audit.stop();
      if (client.connected) {
        // Leave the shared group first, so that the broker stops giving this instance a share.
        await client.unsubscribeAsync(workFilters).catch(() => undefined);
        await client.publishAsync(instanceTopic(o.prefix, instance), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
        await client.publishAsync(systemTopic(o.prefix, instance), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
      }
      await client.endAsync();
    },
    kill: () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      signs?.kill();
      crowd?.kill();
      governance?.abandon();
      audit.abandon();
      // A forced close without DISCONNECT: the broker publishes the will.
      client.stream.destroy();
      client.end(true);
    },
  };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

