import { fromWireSliced } from './registryWire.ts';
import type { CommandResult } from './opsContract.ts';
import { SIGN_IN_RESULT, type LiveCommand, type LiveDelta, type LiveEvent, type LiveEvents, type LiveStart, type LiveStatus, type RegistryColumns } from './liveProtocol.ts';
import { PERF_MARKS } from '../perf/marks.ts';

/** Where the feed's own summaries go: the store, wired by src/controllers (the feed knows no store). */
export interface LiveSink {
  status(patch: Partial<LiveStatus>): void;
  operator(name: string | null): void;
  /** The answer to a command, the service's or a refused sign-in. */
  result(result: CommandResult): void;
}

/**
 * A domain that reads the sensors' readings on the page (the sensor table, the local alarm book):
 * the registry once it is in, then every delta in order.
 */
export interface ReadingsReader {
  registry(columns: RegistryColumns): void;
  delta(delta: LiveDelta): void;
}

const NO_SINK: LiveSink = { status: () => undefined, operator: () => undefined, result: () => undefined };

/** Diagnostics samples (one a second) that the shown rates average over. */
const RATE_WINDOW = 4;
/** The most connections a page reads the readings over (runtime-config `sensorConnections`). */
const MAX_CONNECTIONS = 4;
/** Where a signed-in operator's login is kept: this tab only, gone when it closes. */
export const LOGIN_KEY = 'canton-twin:login';

/**
 * The page's side of the live worker: it hands the registry and each delta to the domains that
 * read the readings (readings()), every other event to the domains that set a handler for its type
 * (on()), and its own summaries (connection, diagnostics, login, results) to its sink.
 */
export class LiveFeed {
  private sink: LiveSink = NO_SINK;
  /** The last error seen, kept when a diagnostics sample carries none. */
  private lastError: LiveStatus['lastError'] = null;
  private readonly worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module' });
  /** The registry once it is in: a reader that comes later is handed it at once. */
  private columns: RegistryColumns | null = null;
  private readonly readers: ReadingsReader[] = [];
  /** Messages merged into the deltas handed on, for the applied rate. */
  private merged = 0;
  private username: string | null = null;
  /** The domains' handlers for each event type a feed posts (liveFeed().on), in the order they were set. */
  private readonly handlers = new Map<string, Set<(event: LiveEvent) => void>>();
  /** Recent (time, received, merged) samples: rates are shown over a few seconds, not one. */
  private samples: [number, number, number][] = [];

  connect(sink: LiveSink): void {
    this.sink = sink;
  }

  /** The operator signed in on this screen, if any. */
  get operator(): string | null {
    return this.username;
  }

  /**
   * A reader of the readings, from now on (handed the registry at once if it is in). Returns the
   * call that removes it.
   */
  readings(reader: ReadingsReader): () => void {
    this.readers.push(reader);
    if (this.columns) reader.registry(this.columns);
    return () => {
      const i = this.readers.indexOf(reader);
      if (i >= 0) this.readers.splice(i, 1);
    };
  }

  /** Resolves with the registry once it is in and every reader has it; live readings keep flowing to them. */
  start(cmd: Omit<LiveStart, 'type'>): Promise<RegistryColumns> {
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
              this.columns = columns;
              for (const r of this.readers) r.registry(columns);
              // Main-thread time only: the message's clone, the slices and the readers' tables, added up.
              performance.measure(PERF_MARKS.registryApply, { start: received, duration: cloned + busyMs + performance.now() - t0, detail: columns.ids.length });
              resolve(columns);
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
            this.merged += ev.messages;
            for (const r of this.readers) r.delta(ev);
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
            this.samples.push([now, ev.received, this.merged]);
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
            for (const h of this.handlers.get(ev.type) ?? []) h(ev);
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

  /** A result decided on the page (a command applied locally), handed on as the service's are. */
  report(result: CommandResult): void {
    this.sink.result(result);
  }

  /**
   * A domain's handler for the events of one type a feed posts (src/live/topicFeed.ts), in the
   * order they come; several domains may read one type, each handed every event in the order the
   * handlers were set. Returns the call that removes it.
   */
  on<K extends keyof LiveEvents>(type: K, handler: (event: LiveEvents[K]) => void): () => void {
    const h = handler as (event: LiveEvent) => void;
    const set = this.handlers.get(type) ?? new Set();
    this.handlers.set(type, set.add(h));
    return () => {
      set.delete(h);
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
