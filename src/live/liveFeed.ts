import { AlarmBook, listOrder, type Alarm, type OperatorOp } from '../domains/alarms/alarmBook.ts';
import type { AlarmMessage, Command, CommandResult, SystemAlarm } from '../domains/alarms/contract.ts';
import { fromWireSliced } from './registryWire.ts';
import { SensorTable } from '../domains/sensors/sensorTable.ts';
import { ReadingHistory } from './history.ts';
import { SIGN_IN_RESULT, type LiveCommand, type LiveEvent, type LiveEvents, type LiveStart, type LiveStatus } from './liveProtocol.ts';
import { PERF_MARKS } from '../perf/marks.ts';

/**
 * Whose alarms the page shows: the operations service's, shared by every screen, or, on a broker
 * with no service, the page's own (labelled local: acknowledgements stay in this browser).
 */
export type AlarmSource = 'shared' | 'local';

/** Where the feed's summaries go: the store, wired by src/controllers (the feed knows no store). */
export interface LiveSink {
  status(patch: Partial<LiveStatus>): void;
  alerts(listed: Alarm[], recentlyCleared: readonly Alarm[], source: AlarmSource): void;
  operator(name: string | null): void;
  /** The operations service's standing system alarms, one per instance (src/domains/alarms/systemAlarms.ts). */
  systemAlarms(alarms: readonly SystemAlarm[]): void;
  result(result: CommandResult): void;
  /** While replaying, the alert list shows the past; live episodes carry on in the book. */
  replaying(): boolean;
}

const NO_SINK: LiveSink = { status: () => undefined, alerts: () => undefined, operator: () => undefined, systemAlarms: () => undefined, result: () => undefined, replaying: () => false };

/** Diagnostics samples (one a second) that the shown rates average over. */
const RATE_WINDOW = 4;
/** The most connections a page reads the readings over (runtime-config `sensorConnections`). */
const MAX_CONNECTIONS = 4;
/** Where a signed-in operator's login is kept: this tab only, gone when it closes. */
export const LOGIN_KEY = 'canton-twin:login';

/**
 * The page's side of the live worker: it merges deltas into the SensorTable as they come and
 * hands summaries (connection, diagnostics, alarms) to its sink, alarms at most once per frame.
 */
export class LiveFeed {
  private sink: LiveSink = NO_SINK;
  /** The last error seen, kept when a diagnostics sample carries none. */
  private lastError: LiveStatus['lastError'] = null;
  private readonly worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module' });
  private table: SensorTable | null = null;
  /** The page's own alarm book: the fallback when no service runs, and the replay's episodes. */
  book: AlarmBook | null = null;
  history: ReadingHistory | null = null;
  /** The service's alarms, from their retained messages. */
  private readonly shared = new Map<string, AlarmMessage>();
  private instances = 0;
  private settled = false;
  private alertsFrame = 0;
  private username: string | null = null;
  /** A domain's handler for each event type its feed posts (liveFeed().on). */
  private readonly handlers = new Map<string, (event: LiveEvent) => void>();
  /** Recent (time, received, merged) samples: rates are shown over a few seconds, not one. */
  private samples: [number, number, number][] = [];

  connect(sink: LiveSink): void {
    this.sink = sink;
  }

  get source(): AlarmSource {
    return this.instances > 0 || (!this.settled && this.shared.size > 0) ? 'shared' : 'local';
  }

  /** Resolves with the table once the registry is in; live readings keep flowing into it. */
  start(cmd: Omit<LiveStart, 'type'>): Promise<SensorTable> {
    return new Promise((resolve, reject) => {
      this.worker.addEventListener('error', (e) => {
        const detail = e.message || 'live worker failed';
        // Before the registry arrives this fails the layer; after, the panel shows it and the data stays.
        this.lastError = { reason: 'connection', detail, at: Date.now() };
        this.sink.status({ connection: 'error', lastError: this.lastError });
        reject(new Error(detail));
      });
      /** Events that came while the registry was being decoded, handled in order once it is in. */
      let held: LiveEvent[] | null = null;
      const handle = (ev: LiveEvent, received: number): void => {
        if (held) {
          held.push(ev);
          return;
        }
        switch (ev.type) {
          case 'registry': {
            held = [];
            const cloned = performance.now() - received;
            void fromWireSliced(ev.registry).then(({ columns, busyMs }) => {
              const t0 = performance.now();
              this.table = new SensorTable(columns);
              this.book = new AlarmBook(columns);
              this.history = new ReadingHistory(columns.kinds);
              // Main-thread time only: the message's clone, the slices and the table, added up.
              performance.measure(PERF_MARKS.registryApply, { start: received, duration: cloned + busyMs + performance.now() - t0, detail: columns.ids.length });
              resolve(this.table);
              const later = held ?? [];
              held = null;
              for (const e of later) handle(e, performance.now());
            });
            break;
          }
          case 'fatal':
            this.lastError = { reason: 'connection', detail: ev.message, at: Date.now() };
            this.sink.status({ connection: 'error', lastError: this.lastError });
            reject(new Error(ev.message));
            break;
          case 'connection':
            this.sink.status({ connection: ev.state, retryInMs: ev.retryInMs ?? null });
            break;
          case 'delta':
            this.table?.merge(ev);
            this.history?.record(ev);
            if (ev.changes.length > 0 && this.book) {
              for (const c of ev.changes) this.book.level(c);
              if (this.source === 'local') this.publishAlerts();
            }
            break;
          case 'alarms':
            for (const [id, a] of ev.updates) {
              if (a) this.shared.set(id, a);
              else this.shared.delete(id);
            }
            this.instances = ev.instances;
            this.settled = ev.settled;
            this.publishAlerts();
            break;
          case 'system-alarms':
            this.sink.systemAlarms(ev.alarms);
            break;
          case 'login':
            this.username = ev.username;
            this.sink.operator(ev.username);
            break;
          case 'result':
            // A refused sign-in is not kept for the next reload.
            if (ev.result.id === SIGN_IN_RESULT && !ev.result.ok) sessionStorage.removeItem(LOGIN_KEY);
            this.sink.result(ev.result);
            break;
          case 'diagnostics': {
            const now = performance.now();
            this.samples.push([now, ev.received, this.table?.messagesMerged ?? 0]);
            if (this.samples.length > RATE_WINDOW) this.samples.shift();
            const [t0, received0, merged0] = this.samples[0]!;
            const [, , merged1] = this.samples[this.samples.length - 1]!;
            const seconds = Math.max(1e-3, (now - t0) / 1000);
            this.lastError = ev.lastError ?? this.lastError;
            this.sink.status({
              received: ev.received,
              receivedPerSecond: this.samples.length > 1 ? Math.round((ev.received - received0) / seconds) : 0,
              appliedPerSecond: this.samples.length > 1 ? Math.round((merged1 - merged0) / seconds) : 0,
              duplicates: ev.duplicates,
              rejects: ev.rejects,
              lastError: this.lastError,
              reconnects: ev.reconnects,
            });
            break;
          }
          default:
            this.handlers.get(ev.type)?.(ev);
        }
      };
      this.worker.addEventListener('message', (e: MessageEvent<LiveEvent>) => {
        // Taken before `data`: Chromium deserializes a message when it is first read.
        const received = performance.now();
        handle(e.data, received);
      });
      // Several connections: one more worker per connection, each joined to the live worker by a
      // channel of its own (the live worker tells each what to read once the registry is in).
      const shares = cmd.sensorFeed === 'relay' ? [] : Array.from({ length: Math.max(0, Math.min(MAX_CONNECTIONS, cmd.sensorConnections ?? 1) - 1) }, () => {
        const worker = new Worker(new URL('./share.worker.ts', import.meta.url), { type: 'module' });
        const channel = new MessageChannel();
        worker.postMessage({ port: channel.port2 }, [channel.port2]);
        return channel.port1;
      });
      this.worker.postMessage({ type: 'start', ...cmd, shares } satisfies LiveStart, shares);
    });
  }

  /**
   * An operator's action on an alarm: a command to the service when it runs (the answer comes
   * back as a result), else applied to the page's own book at once.
   */
  act(op: OperatorOp, alarm: string, extra: { minutes?: number; reason?: string } = {}): string {
    const id = crypto.randomUUID();
    if (this.source === 'shared') {
      const command: Command = { id, op, alarm, operator: this.username ?? '', ts: Date.now(), ...extra };
      this.worker.postMessage({ type: 'command', command });
    } else {
      const r = this.book?.act({ id, op, alarm, operator: this.username ?? 'local', ...extra }, Date.now());
      this.sink.result(r?.ok ? { id, ok: true } : { id, ok: false, error: r?.reason ?? 'no alarm book yet' });
      this.publishAlerts();
    }
    return id;
  }

  /**
   * A domain's handler for the events of one type its feed posts (src/live/topicFeed.ts), in the
   * order they come; one handler per type. Returns the call that removes it.
   */
  on<K extends keyof LiveEvents>(type: K, handler: (event: LiveEvents[K]) => void): () => void {
    const h = handler as (event: LiveEvent) => void;
    this.handlers.set(type, h);
    return () => {
      if (this.handlers.get(type) === h) this.handlers.delete(type);
    };
  }

  /** A command to a domain's feed in the worker (the worker keeps the latest of each type until it starts). */
  send(command: LiveCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  /** Signs an operator in (or out, with no name): the worker reconnects with that login. */
  login(username?: string, password?: string): void {
    if (username) sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ username, password }));
    else sessionStorage.removeItem(LOGIN_KEY);
    this.worker.postMessage({ type: 'login', username, password });
  }

  private publishAlerts(): void {
    if (this.alertsFrame) return;
    this.alertsFrame = requestAnimationFrame(() => {
      this.alertsFrame = 0;
      if (!this.book || this.sink.replaying()) return;
      const source = this.source;
      const listed = source === 'shared' ? [...this.shared.values()].toSorted(listOrder) : this.book.list();
      this.sink.alerts(listed, this.book.recentlyClosed(), source);
    });
  }

  /** Repaints the list from the live book (after a replay). */
  refresh(): void {
    this.publishAlerts();
  }
}

/** The sign-in this tab kept, if any. */
export function savedLogin(): { username: string; password: string } | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(LOGIN_KEY) ?? 'null') as { username?: unknown; password?: unknown } | null;
    return v && typeof v.username === 'string' && typeof v.password === 'string' ? { username: v.username, password: v.password } : null;
  } catch {
    return null;
  }
}

let instance: LiveFeed | null = null;

export function liveFeed(): LiveFeed {
  instance ??= new LiveFeed();
  return instance;
}
