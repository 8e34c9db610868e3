/**
 * The operations service: an MQTT client (not a broker) that owns the alarm state every screen
 * shares. It subscribes to the readings, runs the alarm rules (src/alarms: the same levels and
 * hysteresis as the page's local fallback), keeps each alarm as a retained message, applies the
 * operators' commands and writes the audit trail.
 *
 * Scale-out: N instances read the readings through one shared subscription ($share/{group}/…),
 * which the broker spreads message by message. Each alarm is owned by exactly one instance,
 * chosen by rendezvous hashing of the sensor id over the instances online (their retained
 * `ops/instance` messages; a will clears a dead one). An instance that decodes a reading or a
 * command for an alarm it does not own passes it to the owner in a batch on the owner's route
 * topic. Every instance reads every retained alarm, so a new owner takes over where the old one
 * stopped.
 */
import { createHash, randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { AlarmBook, isAudited, type Alarm, type OperatorAction, type Transition } from '../../src/alarms/alarmBook.ts';
import { AlertLevels } from '../../src/alarms/levels.ts';
import { alarmFilter, alarmMessageSchema, alarmTopic, CommandGate, commandFilter, instanceFilter, instanceSchema, instanceTopic, opsPrefixOf, resultTopic, type AlarmMessage, type CommandReject } from '../../src/alarms/contract.ts';
import { sensorFilter, type SensorRegistry } from '../../src/live/contract.ts';
import { Decoder, type RejectReason } from '../../src/live/decode.ts';
import { AuditLog, transitionRow } from './auditLog.ts';
import type { Database } from './database.ts';
import { readUsers } from './users.ts';
import { startSignService, type SignService } from './signs.ts';
import { TruckGovernance, type TruckGovernanceStats } from './truckGovernance.ts';
import type { TruckSetup } from '../trucks/loadTruckWorld.ts';
import type { Catalogue } from '../../src/signs/catalogue.ts';
import type { CrowdModel } from '../../src/analysis/crowd/crowdModel.ts';
import { startCrowdService, type CrowdService } from './crowd.ts';

export interface OpsOptions {
  url: string;
  username: string;
  password: string;
  registry: SensorRegistry;
  /** The city's topic prefix, `city/guangzhou`. */
  prefix: string;
  database: Database;
  /** The users file's folder: its operators are the logins whose commands count. */
  usersDir: string;
  /** A stable name per instance: its MQTT session and its route topic. */
  instance?: string;
  /** Shared-subscription group; null on a broker without shared subscriptions (Aedes 1.x). */
  share?: string | null;
  /** The vital-sign catalogue and the districts: the service derives the live-feed figures. */
  signs?: { catalogue: Catalogue; districts: readonly string[] };
  /** The muck trucks' world, fleet and grid: the service then runs the truck rules on every GPS fix. */
  trucks?: TruckSetup;
  /** The crowd model: the service then turns the signalling feed into the venues' crowds (./crowd.ts). */
  crowd?: { model: CrowdModel };
  now?: () => number;
}

export interface OpsStats {
  instance: string;
  members: string[];
  connected: boolean;
  /** Readings decoded here, and of them those evaluated here (owned) or passed on. */
  decoded: number;
  evaluated: number;
  routedOut: number;
  routedIn: number;
  rejects: Partial<Record<RejectReason, number>>;
  commands: { accepted: number; refused: Partial<Record<CommandReject, number>> };
  alarmsPublished: number;
  owned: number;
  listed: number;
  audit: AuditLog['stats'];
  /** CPU time of this process, user and system, ms. */
  cpuMs: number;
  trucks: TruckGovernanceStats | null;
}

export interface OpsService {
  instance: string;
  stats(): OpsStats;
  /** Every listed alarm this instance knows of (all instances', from the retained messages). */
  alarms(): AlarmMessage[];
  /** Resolves once the service has restored its state and subscribed to the readings. */
  ready: Promise<void>;
  database: Database;
  /** The derived vital signs and every sign's recent history; null without a catalogue. */
  signs: SignService | null;
  /** The venues' crowds; null without a crowd model. */
  crowd: CrowdService | null;
  stop(): Promise<void>;
  /** Drops the connection as a crash would: no goodbye, the will fires, queued audit rows are lost. */
  kill(): void;
}

/** Readings and commands passed to their owner at most this often. */
const ROUTE_FLUSH_MS = 20;
/** Raised peaks reach the other screens at most this often. */
const PEAK_FLUSH_MS = 5000;
/** How long a crashed instance's session (and its share of the readings) outlives it. */
const SESSION_EXPIRY_S = 60;
/** Quiet time after the retained messages start arriving before the state counts as restored. */
const SETTLE_MS = 400;

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

  const stats: Omit<OpsStats, 'members' | 'owned' | 'listed' | 'audit' | 'connected' | 'cpuMs' | 'trucks'> = { instance, decoded: 0, evaluated: 0, routedOut: 0, routedIn: 0, rejects: {}, commands: { accepted: 0, refused: {} }, alarmsPublished: 0 };
  /** Every retained alarm, whoever owns it. */
  const known = new Map<string, AlarmMessage>();
  let members: string[] = [instance];
  let owner = new Uint16Array(n); // index into members
  let self = 0;
  const recomputeOwners = (): void => {
    const next = new Uint16Array(n);
    const weights = members.map((m) => createHash('sha1').update(m).digest().readUInt32BE(0));
    for (let i = 0; i < n; i++) {
      const h = hash32(registry.ids[i]!);
      let best = 0;
      let bestW = -1;
      for (let k = 0; k < members.length; k++) {
        const w = mix(h ^ weights[k]!);
        if (w > bestW) {
          bestW = w;
          best = k;
        }
      }
      next[i] = best;
    }
    owner = next;
    self = members.indexOf(instance);
    if (governanceStarted) void governance?.ownersChanged();
    // Alarms that moved here continue from their retained copy; those that moved away are let go.
    for (const a of book.list()) if (owner[a.sensor] !== self) {
      book.forget(a.id);
      levels.levels[a.sensor] = 0;
    }
    const taken: Alarm[] = [];
    for (const m of known.values()) {
      const i = book.sensorIndex(m.id);
      if (i !== undefined && owner[i] === self && !book.get(m.id)) taken.push(m);
    }
    adopt(taken);
  };
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
  const shared = (filter: string): string => (share ? `$share/${share}/${filter}` : filter);
  const sensorPrefix = `${o.prefix}/sensor/`;
  const alarmPrefix = `${o.prefix}/alarm/`;
  const instancePrefix = `${o.prefix}/ops/instance/`;
  const commandPrefix = `${opsPrefix}/command/`;
  const routeTopic = `${opsPrefix}/route/${instance}`;

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
      if (t.record) publishAlarm(t.record);
      else clearAlarm(t.alarm);
      if (isAudited(t)) audit.append(transitionRow(t, registry.props[t.sensor]!.district, registry.kinds[t.sensor]!));
    }
  };

  // ---- muck trucks ----
  const governance = o.trucks ? new TruckGovernance(o.trucks, registry, o.database, o.prefix, (topic, payload) => void client.publish(topic, payload, { qos: 1, retain: true }), (i) => owner[i] === self, now) : null;
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
  /** Per member: readings (index, value, ts), truck fixes (index, ts, lon, lat, speed) and raw commands. */
  type Box = { r: number[]; f: number[]; c: { t: string; p: string }[] };
  const outbox = new Map<string, Box>();
  const routeTo = (member: string): Box => {
    let box = outbox.get(member);
    if (!box) outbox.set(member, (box = { r: [], f: [], c: [] }));
    return box;
  };
  const truckFix = (index: number, ts: number, lon: number, lat: number, speed: number): void => {
    if (owner[index] === self) governance!.fix(index, ts, lon, lat, speed);
    else routeTo(members[owner[index]!]!).f.push(index, ts, lon, lat, speed);
  };
  const onReading = (topic: string, payload: Buffer): void => {
    const d = decoder.decode(topic, payload);
    if (!d.ok) {
      if (!d.duplicate) stats.rejects[d.reason] = (stats.rejects[d.reason] ?? 0) + 1;
      return;
    }
    stats.decoded++;
    const { lon, lat } = d.reading;
    if (governance && lon !== undefined && lat !== undefined && governance.slotOf[d.index]! >= 0) truckFix(d.index, d.reading.ts, lon, lat, d.reading.value);
    if (owner[d.index] === self) evaluate(d.index, d.reading.value, d.reading.ts);
    else {
      stats.routedOut++;
      routeTo(members[owner[d.index]!]!).r.push(d.index, d.reading.value, d.reading.ts);
    }
  };

  // ---- commands ----
  const refuse = (reason: CommandReject, detail: string, id: string | null, operator: string | null, op: string | null, alarm: string | null): void => {
    stats.commands.refused[reason] = (stats.commands.refused[reason] ?? 0) + 1;
    audit.command({ at: now(), command_id: id, operator, op, alarm, outcome: reason, detail });
    if (operator && id) client.publish(resultTopic(opsPrefix, operator), JSON.stringify({ id, ok: false, error: `${reason}: ${detail}` }), { qos: 1 });
  };
  const onCommand = (topic: string, payload: Buffer): void => {
    // The owner of the alarm decides; anyone else passes the raw command on.
    const target = alarmOf(payload);
    const index = target === null ? undefined : book.sensorIndex(target);
    if (index !== undefined && owner[index] !== self) {
      stats.routedOut++;
      routeTo(members[owner[index]!]!).c.push({ t: topic, p: payload.toString('utf8') });
      return;
    }
    const d = gate.decode(topic, payload, now());
    if (!d.ok) return refuse(d.reason, d.detail, d.id ?? null, d.operator ?? null, null, target);
    const a: OperatorAction = d.action;
    const r = book.act(a, now());
    if (!r.ok) return refuse(book.sensorIndex(a.alarm) === undefined ? 'unknown-alarm' : 'refused', r.reason, a.id, a.operator, a.op, a.alarm);
    stats.commands.accepted++;
    audit.command({ at: now(), command_id: a.id, operator: a.operator, op: a.op, alarm: a.alarm, outcome: 'applied', detail: a.reason ?? null });
    apply(r.transitions);
    client.publish(resultTopic(opsPrefix, a.operator), JSON.stringify({ id: a.id, ok: true }), { qos: 1 });
  };

  const onRoute = (payload: Buffer): void => {
    let box: { r?: unknown; f?: unknown; c?: unknown };
    try {
      box = JSON.parse(payload.toString('utf8')) as typeof box;
    } catch {
      return;
    }
    const r = Array.isArray(box.r) ? (box.r as unknown[]) : [];
    for (let k = 0; k + 2 < r.length; k += 3) {
      const [i, v, ts] = [r[k], r[k + 1], r[k + 2]];
      if (typeof i === 'number' && typeof v === 'number' && typeof ts === 'number' && i >= 0 && i < n) {
        stats.routedIn++;
        // Ownership may have moved again since: pass it on rather than evaluate a stranger's alarm.
        if (owner[i] === self) evaluate(i, v, ts);
        else routeTo(members[owner[i]!]!).r.push(i, v, ts);
      }
    }
    const f = Array.isArray(box.f) ? (box.f as unknown[]) : [];
    for (let k = 0; k + 4 < f.length; k += 5) {
      const [i, ts, lon, lat, speed] = f.slice(k, k + 5);
      if ([i, ts, lon, lat, speed].every((x) => typeof x === 'number') && (i as number) >= 0 && (i as number) < n) {
        stats.routedIn++;
        if (governance) truckFix(i as number, ts as number, lon as number, lat as number, speed as number);
      }
    }
    for (const c of Array.isArray(box.c) ? (box.c as { t?: unknown; p?: unknown }[]) : []) {
      if (typeof c.t === 'string' && typeof c.p === 'string' && c.t.startsWith(commandPrefix)) {
        stats.routedIn++;
        onCommand(c.t, Buffer.from(c.p, 'utf8'));
      }
    }
  };

  // ---- shared state ----
  const onAlarm = (id: string, payload: Buffer): void => {
    if (payload.length === 0) {
      known.delete(id);
      return;
    }
    let parsed;
    try {
      parsed = alarmMessageSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      return;
    }
    if (!parsed.success) return;
    known.set(id, parsed.data);
  };
  const instances = new Set<string>();
  const onInstance = (name: string, payload: Buffer): void => {
    let online = false;
    if (payload.length > 0) {
      try {
        online = instanceSchema.safeParse(JSON.parse(payload.toString('utf8'))).success;
      } catch {
        online = false;
      }
    }
    if (online) instances.add(name);
    else instances.delete(name);
    instances.add(instance);
    const next = [...instances].toSorted();
    if (next.join() !== members.join()) {
      members = next;
      recomputeOwners();
    }
  };

  // Alarms go out one small packet at a time: no Nagle on our side of the socket either (the
  // brokers set it on theirs; bench:ops measured 40 ms per alarm without).
  client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));

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
    // Then the database: the alarms as the audit trail last recorded them, and the commands
    // already applied (so a replay after a restart is still refused).
    const fromDb = await o.database.query<{ record: Alarm | null; to_state: string }>(
      `select distinct on (alarm) record, to_state from alarm_audit order by alarm, seq desc`,
    );
    const dbOpen = fromDb.filter((r) => r.record && r.to_state !== 'normal').map((r) => r.record!);
    for (const row of await o.database.query<{ command_id: string; at: Date }>(`select command_id, at from command_log where command_id is not null and at > now() - interval '10 minutes'`)) {
      gate.remember(row.command_id, row.at.getTime());
    }
    // The retained store is the live copy; the database fills in when the broker lost its store.
    const retainedLost = known.size === 0;
    for (const r of dbOpen) {
      const k = known.get(r.id);
      if ((retainedLost && !k) || (k && k.rev < r.rev)) known.set(r.id, { ...r, owner: instance });
    }
    instances.add(instance);
    members = [...instances].toSorted();
    recomputeOwners();
    client.publish(instanceTopic(o.prefix, instance), JSON.stringify({ instance, startedAt: now() }), { qos: 1, retain: true });
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
    await client.subscribeAsync([shared(sensorFilter(o.prefix)), shared(commandFilter(opsPrefix))], { qos: 1 });
    timers.push(
      setInterval(() => {
        apply(book.expire(now()));
      }, 1000),
      setInterval(() => {
        for (const [member, box] of outbox) {
          if (box.r.length === 0 && box.f.length === 0 && box.c.length === 0) continue;
          client.publish(`${opsPrefix}/route/${member}`, JSON.stringify(box), { qos: 1 });
        }
        outbox.clear();
      }, ROUTE_FLUSH_MS),
      setInterval(() => {
        for (const i of peaks) {
          const a = book.get(registry.ids[i]!);
          if (a) publishAlarm(a);
        }
        peaks.clear();
      }, PEAK_FLUSH_MS),
    );
  })();

  const signs = o.signs
    ? startSignService({ url: o.url, username: o.username, password: o.password, clientId: `${o.username}:${instance}-signs`, registry, prefix: o.prefix, ...o.signs, publishes: () => members[0] === instance && early === null, now })
    : null;

  const crowd = o.crowd
    ? startCrowdService({ url: o.url, username: o.username, password: o.password, clientId: `${o.username}:${instance}-crowd`, prefix: o.prefix, model: o.crowd.model, catalogue: o.signs?.catalogue, publishes: () => members[0] === instance && early === null, now })
    : null;

  return {
    instance,
    ready,
    signs,
    crowd,
    database: o.database,
    alarms: () => [...known.values()],
    stats: () => ({ ...stats, rejects: { ...stats.rejects }, commands: { accepted: stats.commands.accepted, refused: { ...stats.commands.refused } }, members: [...members], connected: client.connected, owned: book.size, listed: known.size, audit: { ...audit.stats }, cpuMs: cpuMs(), trucks: governance?.stats() ?? null }),
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await signs?.stop();
      await crowd?.stop();
      await governance?.stop();
      await audit.stop();
      if (client.connected) {
        // Leave the shared group first, so that the broker stops giving this instance a share.
        await client.unsubscribeAsync([shared(sensorFilter(o.prefix)), shared(commandFilter(opsPrefix))]).catch(() => undefined);
        await client.publishAsync(instanceTopic(o.prefix, instance), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
      }
      await client.endAsync();
    },
    kill: () => {
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

/** The alarm a command names, read loosely so that it can be passed to its owner; null if unreadable. */
function alarmOf(payload: Buffer): string | null {
  try {
    const v = (JSON.parse(payload.toString('utf8')) as { alarm?: unknown }).alarm;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Waits until no message has arrived for SETTLE_MS (the retained burst is over), at most 5 s. */
async function settle(last: () => number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, 50));
  if (Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, SETTLE_MS));
}

function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's), so that rendezvous weights spread evenly. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

