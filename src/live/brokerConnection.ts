/**
 * The live worker's MQTT connection: connects with a login, subscribes every feed's topics on each
 * connection, backs off with jitter when the broker goes, falls back to the deployment's login
 * when the broker refuses an operator's, and carries the operator's commands and their results.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { commandResultSchema, commandTopic, opsPrefixOf, resultTopic, type OpsCommand } from './opsContract.ts';
import { CoalescingSocket } from './coalescingSocket.ts';
import { SIGN_IN_RESULT, type LiveEvent, type LiveLogin, type LiveStart } from './liveProtocol.ts';

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** The retained messages come right after the subscription is granted; this long after, they are in. */
const SETTLE_MS = 1500;

export interface BrokerOptions {
  start: LiveStart;
  post(event: LiveEvent): void;
  /** Every topic filter to subscribe, asked on each connection. */
  filters(): string[];
  onMessage(topic: string, payload: Uint8Array): void;
  fail(detail: string): void;
  reconnected(): void;
  connected(): void;
  settled(): void;
  /** The client the worker holds now: a refusal for an older one is ignored. */
  current(): MqttClient | null;
  relogin(login: LiveLogin): void;
}

export function connectBroker(o: BrokerOptions): { connect(login: { username?: string; password?: string }): MqttClient; send(command: OpsCommand): void } {
  const { start: cmd, post } = o;
  const opsPrefix = opsPrefixOf(cmd.topicPrefix);
  const text = new TextDecoder();
  let username: string | null = cmd.username ?? null;
  let attempt = 0;
  let client: MqttClient | null = null;

  /** A command's result, on the operator's own result topic; false for any other topic. */
  const result = (topic: string, payload: Uint8Array): boolean => {
    if (!username || topic !== resultTopic(opsPrefix, username)) return false;
    try {
      const r = commandResultSchema.safeParse(JSON.parse(text.decode(payload)));
      if (r.success) post({ type: 'result', result: r.data });
    } catch {
      // Not ours to judge: only the service publishes here (the ACL).
    }
    return true;
  };

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
    client = c;
    c.on('connect', () => {
      attempt = 0;
      c.options.reconnectPeriod = BACKOFF_MIN_MS;
      o.connected();
      // Command results only for an operator's login; a viewer's is refused, and that is fine.
      if (username) c.subscribe(resultTopic(opsPrefix, username), { qos: 1 }, () => undefined);
      c.subscribe(o.filters(), { qos: 0 }, (err) => {
        if (err) o.fail(`subscribe: ${err.message}`);
        setTimeout(o.settled, SETTLE_MS);
      });
      post({ type: 'connection', state: 'connected' });
      // The broker took the login: only now is the operator signed in.
      post({ type: 'login', username });
    });
    c.on('message', (topic, payload) => {
      if (!result(topic, payload)) o.onMessage(topic, payload);
    });
    /**
     * An operator's login that the broker refuses falls back to the deployment's own login
     * instead of retrying it. Aedes may close the socket before its refusal arrives, so a close
     * before the first connect counts too.
     */
    let accepted = false;
    const signInFailed = (): void => {
      if (accepted || login === cmd || o.current() !== c) return;
      accepted = true;
      post({ type: 'result', result: { id: SIGN_IN_RESULT, ok: false, error: 'sign-in refused' } });
      queueMicrotask(() => o.relogin({ type: 'login' }));
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
      o.reconnected();
      post({ type: 'connection', state: 'connecting' });
    });
    c.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      if (code === 4 || code === 5) signInFailed();
      o.fail(err.message);
      post({ type: 'connection', state: 'error', detail: err.message });
    });
    return c;
  };

  const send = (command: OpsCommand): void => {
    if (!client?.connected || !username) return post({ type: 'result', result: { id: command.id, ok: false, error: 'not signed in, or not connected' } });
    client.publish(commandTopic(opsPrefix, username), JSON.stringify(command), { qos: 1 }, (err) => {
      if (err) post({ type: 'result', result: { id: command.id, ok: false, error: err.message } });
    });
  };
  return { connect, send };
}
