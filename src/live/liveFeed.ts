import { AlertBook } from './alertBook.ts';
import { SensorTable } from './sensorTable.ts';
import { ReadingHistory } from './history.ts';
import type { Alert } from './alertBook.ts';
import type { LiveEvent, LiveStart, LiveStatus } from './liveProtocol.ts';

/** Where the feed's summaries go: the store, wired by src/controllers (the feed knows no store). */
export interface LiveSink {
  status(patch: Partial<LiveStatus>): void;
  alerts(active: Alert[], recentlyCleared: readonly Alert[]): void;
  /** While replaying, the alert list shows the past; live episodes carry on in the book. */
  replaying(): boolean;
}

const NO_SINK: LiveSink = { status: () => undefined, alerts: () => undefined, replaying: () => false };

/** Diagnostics samples (one a second) that the shown rates average over. */
const RATE_WINDOW = 4;

/**
 * The page's side of the live worker: it merges deltas into the SensorTable as they come and
 * hands summaries (connection, diagnostics, alerts) to its sink, alerts at most once per frame.
 */
export class LiveFeed {
  private sink: LiveSink = NO_SINK;
  /** The last error seen, kept when a diagnostics sample carries none. */
  private lastError: LiveStatus['lastError'] = null;
  private readonly worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module' });
  private table: SensorTable | null = null;
  /** Alert episodes, and the recorded stream: both read by the replay. */
  book: AlertBook | null = null;
  history: ReadingHistory | null = null;
  private alertsFrame = 0;
  /** Recent (time, received, merged) samples: rates are shown over a few seconds, not one. */
  private samples: [number, number, number][] = [];

  connect(sink: LiveSink): void {
    this.sink = sink;
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
      this.worker.addEventListener('message', (e: MessageEvent<LiveEvent>) => {
        const ev = e.data;
        switch (ev.type) {
          case 'registry':
            this.table = new SensorTable(ev.registry);
            this.book = new AlertBook(ev.registry);
            this.history = new ReadingHistory(ev.registry.kinds);
            resolve(this.table);
            break;
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
            if (ev.changes.length > 0 && this.book?.apply(ev.changes)) this.publishAlerts();
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
        }
      });
      this.worker.postMessage({ type: 'start', ...cmd } satisfies LiveStart);
    });
  }

  acknowledge(alertId: string): void {
    if (this.book?.acknowledge(alertId)) this.publishAlerts();
  }

  private publishAlerts(): void {
    if (this.alertsFrame) return;
    this.alertsFrame = requestAnimationFrame(() => {
      this.alertsFrame = 0;
      if (this.book && !this.sink.replaying()) this.sink.alerts(this.book.active(), this.book.recentlyCleared());
    });
  }
}

let shared: LiveFeed | null = null;

export function liveFeed(): LiveFeed {
  shared ??= new LiveFeed();
  return shared;
}
