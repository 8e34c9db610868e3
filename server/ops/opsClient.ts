/**
 * An operations-service instance's MQTT connection: a persistent session with a will that clears
 * the instance's marker, the work filters (readings and commands, in a shared subscription when
 * the broker has them), the topics it sorts messages by, and its marker.
 */
import mqtt, { type IClientSubscribeOptions, type ISubscriptionMap, type MqttClient } from 'mqtt';
import type { OpsOptions } from './opsTypes.ts';

/** Quiet time after the retained messages start arriving before the state counts as restored. */
const SETTLE_MS = 400;

/** How long a crashed instance's session (and its share of the readings) outlives it. */
const SESSION_EXPIRY_S = 60;

/** The topics the connection subscribes to and sorts messages by. */
export interface OpsTopics {
  /** This instance's retained marker, which the will clears. */
  marker: string;
  /** The filters of the work (readings and commands), shared between the instances when the broker can. */
  work: string[];
  sensorPrefix: string;
  commandPrefix: string;
  /** This instance's route topic (./routing.ts). */
  route: string;
  instancePrefix: string;
}

/** Where the connection hands each message, by topic. */
export interface OpsHandlers {
  /** A reading, a command or a batch on our route topic. */
  work(topic: string, payload: Buffer): void;
  /** A retained message of a part's own (./opsPart.ts: retainedFilters). */
  retained(topic: string, payload: Buffer): void;
  /** An instance's retained marker, by name. */
  instance(name: string, payload: Buffer): void;
  /** Every connect after the first. */
  reconnected(sessionPresent: boolean): Promise<void>;
}

export interface OpsClient {
  mqtt: MqttClient;
  /** Resolves on the first connect; rejects on an error before it. */
  connected: Promise<void>;
  topics: OpsTopics;
  /** When the last message of any kind arrived (restore.ts's settle). */
  lastMessage: () => number;
  setMarker(marker: string): void;
  publishMarker(): void;
  subscribeWork(): Promise<void>;
  resubscribeWork(): Promise<void>;
  unsubscribeWork(): Promise<void>;
}

export function connectOps(o: OpsOptions, instance: string, topics: OpsTopics, h: OpsHandlers): OpsClient {
  const share = o.share === undefined ? 'ops' : o.share;
  const client = mqtt.connect(o.url, {
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
    will: { topic: topics.marker, payload: Buffer.alloc(0), qos: 1, retain: true },
  });
  const workFilters = topics.work.map((f) => (share ? `$share/${share}/${f}` : f));
  const { instancePrefix } = topics;
  const connected = new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  let first = true;
  client.on('connect', (connack) => {
    // Alarms go out one small packet at a time: no Nagle on our side of the socket either (the
    // brokers set it on theirs; bench:ops measured 40 ms per alarm without).
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    if (!first) void h.reconnected(connack.sessionPresent);
    first = false;
  });
  let lastMessage = Date.now();
  client.on('message', (topic, payload) => {
    lastMessage = Date.now();
    if (topic.startsWith(topics.sensorPrefix) || topic.startsWith(topics.commandPrefix) || topic === topics.route) return h.work(topic, payload);
    if (topic.startsWith(instancePrefix)) return h.instance(topic.slice(instancePrefix.length), payload);
    h.retained(topic, payload);
  });

  let marker = '';
  const publishMarker = (): void => void client.publish(topics.marker, marker, { qos: 1, retain: true });
  return {
    mqtt: client,
    connected,
    topics,
    lastMessage: () => lastMessage,
    setMarker: (m) => {
      marker = m;
      publishMarker();
    },
    publishMarker,
    subscribeWork: async () => void (await client.subscribeAsync(workFilters, { qos: 1 })),
    resubscribeWork: async () => {
      // Mosquitto 2.0.11 restores a session from its store after a restart without its shared
      // subscriptions (measured: plain ones kept), and mqtt.js resubscribes only a new session
      // (and skips a filter it holds unless told `resubscribe`). The same filter replaces a kept
      // subscription, and a shared one brings no retained messages. A failure means the
      // connection dropped: the next connect tries again.
      if (!share) return;
      const again: ISubscriptionMap = Object.assign(Object.fromEntries(workFilters.map((f): [string, IClientSubscribeOptions] => [f, { qos: 1 }])), { resubscribe: true });
      await client.subscribeAsync(again).catch(() => undefined);
    },
    unsubscribeWork: async () => void (await client.unsubscribeAsync(workFilters).catch(() => undefined)),
  };
}

/** Waits until no message has arrived for SETTLE_MS (the retained burst is over), at most 5 s. */
export async function settle(last: () => number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, 50));
  if (Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, SETTLE_MS));
}
