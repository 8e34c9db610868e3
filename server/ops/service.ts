/**
 * The operations service: an MQTT client (not a broker) that keeps the state every screen
 * shares, in the domains' parts (./opsPart.ts, found by folder: the alarms' state among them).
 * It subscribes to the readings and the operators' commands, hands each reading of a sensor it
 * owns to the parts, and says loudly what stops it doing its job (./serviceHealth.ts).
 *
 * Scale-out: N instances read the readings through one shared subscription ($share/{group}/…),
 * which the broker spreads message by message. Each sensor is owned by exactly one instance,
 * chosen by rendezvous hashing of the sensor id over the instances online (./ownership.ts; their
 * retained `ops/instance` messages; a will clears a dead one). An instance that decodes a reading,
 * a positioned reading a part wants or a command for a sensor it does not own passes it to the
 * owner in a batch on the owner's route topic (./routing.ts). Every instance reads the parts'
 * retained state (every alarm), so a new owner takes over where the old one stopped. The
 * connection and what a reconnect restores: ./opsClient.ts.
 */
import { randomBytes } from 'node:crypto';
import { commandFilter, instanceFilter, instanceTopic, opsPrefixOf, systemTopic } from '../../src/live/opsContract.ts';
import { sensorFilter } from '../../src/live/contract.ts';
import { Decoder } from '../../src/live/decode.ts';
import { readUsers } from './users.ts';
import { markerOnline, Ownership } from './ownership.ts';
import { Outbox, readRoute, ROUTE_FLUSH_MS } from './routing.ts';
import { checkHealth, HEALTH_CHECK_MS, SystemAlarms } from './serviceHealth.ts';
import { connectOps, settle, type OpsClient } from './opsClient.ts';
import { startParts, type Parts } from './runParts.ts';
import type { OpsCoreStats, OpsOptions, OpsService } from './opsTypes.ts';
import { tally } from '../../src/sources/tally.ts';

export type { OpsOptions, OpsService, OpsStats } from './opsTypes.ts';

export function startOpsService(o: OpsOptions): OpsService {
  return new OpsInstance(o).handle();
}

/** One instance: its connection, its share of the sensors, its parts, and its life from start to stop. */
class OpsInstance {
  readonly instance: string;
  private readonly now: () => number;
  private readonly opsPrefix: string;
  private readonly decoder: Decoder;
  private operators = new Set<string>();
  private readonly stats: OpsCoreStats;
  private readonly ownership: Ownership;
  private readonly outbox = new Outbox();
  private readonly client: OpsClient;
  private readonly system: SystemAlarms;
  private readonly parts: Parts;
  /**
   * Readings, commands and routed batches that arrive before the state is restored (a persistent
   * session delivers what waited for us at once) wait here, so that none is judged against an
   * empty state.
   */
  private early: [string, Buffer][] | null = [];
  private running = false;
  private stopping = false;
  private readonly timers: NodeJS.Timeout[] = [];
  readonly ready: Promise<void>;

  constructor(private readonly o: OpsOptions) {
    this.now = o.now ?? Date.now;
    this.instance = o.instance ?? `ops-${randomBytes(4).toString('hex')}`;
    this.opsPrefix = opsPrefixOf(o.prefix);
    this.decoder = new Decoder(o.registry, o.prefix, this.now);
    this.loadOperators();
    this.stats = { instance: this.instance, decoded: 0, routedOut: 0, routedIn: 0, rejects: {}, reconnects: 0 };
    this.ownership = new Ownership(o.registry.ids, this.instance, () => this.parts.ownersChanged());
    const p = o.prefix;
    const topics = {
      marker: instanceTopic(p, this.instance),
      work: [sensorFilter(p), commandFilter(this.opsPrefix)],
      sensorPrefix: `${p}/sensor/`,
      commandPrefix: `${this.opsPrefix}/command/`,
      route: `${this.opsPrefix}/route/${this.instance}`,
      instancePrefix: `${p}/ops/instance/`,
    };
    this.client = connectOps(o, this.instance, topics, {
      work: (topic, payload) => (this.early ? void this.early.push([topic, payload]) : this.onWork(topic, payload)),
      retained: (topic, payload) => this.parts.retained(topic, payload),
      instance: (name, payload) => this.onInstance(name, payload),
      reconnected: (sessionPresent) => (this.running && !this.stopping ? this.reestablish(sessionPresent) : Promise.resolve()),
    });
    const publishRetained = (topic: string, payload: string | Buffer): void => void this.client.mqtt.publish(topic, payload, { qos: 1, retain: true });
    this.system = new SystemAlarms(o.prefix, this.instance, publishRetained, this.now);
    this.parts = startParts(o, {
      instance: this.instance,
      prefix: o.prefix,
      registry: o.registry,
      database: o.database,
      now: this.now,
      options: o,
      login: (suffix) => ({ url: o.url, username: o.username, password: o.password, clientId: `${o.username}:${this.instance}-${suffix}` }),
      publishRetained,
      owns: (i) => this.ownership.elsewhere(i) === null,
      leads: () => this.ownership.members[0] === this.instance && this.early === null,
      publish: (topic, payload) => void this.client.mqtt.publish(topic, payload, { qos: 1 }),
      isOperator: (name) => {
        if (!this.operators.has(name)) this.loadOperators(); // an operator added since
        return this.operators.has(name);
      },
      routeCommand: (index, topic, payload) => {
        const to = this.ownership.elsewhere(index);
        if (to === null) return false;
        this.stats.routedOut++;
        this.outbox.to(to).c.push({ t: topic, p: payload.toString('utf8') });
        return true;
      },
    });
    this.ready = this.start();
  }

  private loadOperators(): void {
    const users = readUsers(this.o.usersDir);
    this.operators = new Set([...users.roles].filter(([, role]) => role === 'operator').map(([name]) => name));
  }

  // ---- the work: readings, positioned readings, commands, batches from the other instances ----

  private onWork(topic: string, payload: Buffer): void {
    if (topic.startsWith(this.client.topics.sensorPrefix)) return this.onReading(topic, payload);
    if (topic.startsWith(this.client.topics.commandPrefix)) return this.parts.command(topic, payload);
    if (topic === this.client.topics.route) return this.onRoute(payload);
  }

  private onReading(topic: string, payload: Buffer): void {
    const d = this.decoder.decode(topic, payload);
    if (!d.ok) {
      if (!d.duplicate) tally(this.stats.rejects, d.reason);
      return;
    }
    this.stats.decoded++;
    const { lon, lat, ts, value } = d.reading;
    if (lon !== undefined && lat !== undefined && this.parts.wantsPosition(d.index)) this.position(d.index, ts, lon, lat, value);
    const to = this.ownership.elsewhere(d.index);
    if (to === null) this.parts.reading(d.index, value, ts);
    else {
      this.stats.routedOut++;
      this.outbox.to(to).r.push(d.index, value, ts);
    }
  }

  private position(index: number, ts: number, lon: number, lat: number, value: number): void {
    const to = this.ownership.elsewhere(index);
    if (to === null) this.parts.position(index, ts, lon, lat, value);
    else this.outbox.to(to).f.push(index, ts, lon, lat, value);
  }

  private onRoute(payload: Buffer): void {
    this.stats.routedIn += readRoute(payload, this.o.registry.ids.length, this.client.topics.commandPrefix, {
      // Ownership may have moved again since: pass it on rather than judge a stranger's sensor.
      reading: (i, v, ts) => {
        const to = this.ownership.elsewhere(i);
        if (to === null) this.parts.reading(i, v, ts);
        else this.outbox.to(to).r.push(i, v, ts);
      },
      position: (i, ts, lon, lat, value) => this.position(i, ts, lon, lat, value),
      command: (topic, raw) => this.parts.command(topic, raw),
    });
  }

  // ---- the shared state ----

  private onInstance(name: string, payload: Buffer): void {
    const online = markerOnline(payload);
    // Our own marker cleared while we run: a will of a connection the broker dropped, arriving
    // after we came back. Every screen would fall back to local alarms: publish it again.
    if (name === this.instance && !online && this.running && !this.stopping && this.client.mqtt.connected) this.client.publishMarker();
    this.ownership.seen(name, online);
  }

  /**
   * After a reconnect: the will cleared our marker, and the broker may have lost our session (a
   * new one: mqtt.js subscribes again) or its whole retained store (Aedes restarted). The marker
   * and the system alarms go out again; with a new session the parts' retained state and the
   * markers are read again, and what we own that the store lacks is published again.
   */
  private async reestablish(sessionPresent: boolean): Promise<void> {
    this.stats.reconnects++;
    this.client.publishMarker();
    this.system.republish();
    if (sessionPresent) return this.client.resubscribeWork();
    this.parts.forgetRetained();
    this.ownership.forget();
    await settle(this.client.lastMessage);
    this.ownership.refresh();
    this.parts.republishMissing();
  }

  private async health(): Promise<void> {
    await checkHealth(this.system, this.o.database, this.o.usersDir);
    this.parts.databaseProblem(this.system.get('database'));
  }

  private async start(): Promise<void> {
    const { client } = this;
    await client.connected;
    // First the shared state: who else runs, the parts' retained state (which alarms stand), and our own route.
    await client.mqtt.subscribeAsync([instanceFilter(this.o.prefix), ...this.parts.retainedFilters()], { qos: 1 });
    await client.mqtt.subscribeAsync(client.topics.route, { qos: 1 });
    await settle(client.lastMessage);
    // Then the database (the alarms as the audit trail last recorded them), then the owners.
    await this.parts.restore();
    this.ownership.refresh(true);
    client.setMarker(JSON.stringify({ instance: this.instance, startedAt: this.now() }));
    // The parts republish what they own, so the retained store holds the restored copy; then what waited.
    await this.parts.start();
    const waiting = this.early ?? [];
    this.early = null;
    for (const [topic, payload] of waiting) this.onWork(topic, payload);
    await client.subscribeWork();
    await this.health();
    this.running = true;
    this.timers.push(
      setInterval(() => this.outbox.flush((member, payload) => void client.mqtt.publish(`${this.opsPrefix}/route/${member}`, payload, { qos: 1 })), ROUTE_FLUSH_MS),
      setInterval(() => void this.health(), HEALTH_CHECK_MS),
    );
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await this.parts.stop();
    const { mqtt } = this.client;
    if (mqtt.connected) {
      // Leave the shared group first, so that the broker stops giving this instance a share.
      await this.client.unsubscribeWork();
      await mqtt.publishAsync(instanceTopic(this.o.prefix, this.instance), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
      await mqtt.publishAsync(systemTopic(this.o.prefix, this.instance), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => undefined);
    }
    await mqtt.endAsync();
  }

  private kill(): void {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.parts.kill();
    // A forced close without DISCONNECT: the broker publishes the will.
    this.client.mqtt.stream.destroy();
    this.client.mqtt.end(true);
  }

  handle(): OpsService {
    const { stats, ownership, client } = this;
    return {
      instance: this.instance,
      ready: this.ready,
      parts: this.parts.handles,
      database: this.o.database,
      stats: () => ({
        ...stats,
        rejects: { ...stats.rejects },
        members: [...ownership.members],
        connected: client.mqtt.connected,
        cpuMs: cpuMs(),
        system: this.system.list(),
        ...this.parts.stats(),
      }),
      stop: () => this.stop(),
      kill: () => this.kill(),
    };
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
