/**
 * The page's side of the alarms: the operations service's retained alarms, shared by every
 * screen, or, with no service, the page's own alarm book, fed by the readings' level changes. An
 * operator's action goes to the service as a command, or to the book. The list reaches the store
 * at most once a frame, and not while a replay shows the past (the flood's replay clock lists its
 * own from the book).
 */
import { liveFeed } from '../../live/liveFeed.ts';
import { useAppStore } from '../../state/store.ts';
import { AlarmBook, listOrder, type OperatorOp } from './alarmBook.ts';
import type { AlarmMessage, Command } from './contract.ts';
import type { AlarmSource } from './alarmsSlice.ts';

class AlarmFeed {
  /** The page's own alarm book: the fallback when no service runs, and the replay's episodes. */
  book: AlarmBook | null = null;
  /** The service's alarms, from their retained messages. */
  private readonly shared = new Map<string, AlarmMessage>();
  private instances = 0;
  private settled = false;
  private frame = 0;

  get source(): AlarmSource {
    return this.instances > 0 || (!this.settled && this.shared.size > 0) ? 'shared' : 'local';
  }

  /** Reads the registry, the level changes and the service's alarms from the live feed; returns the stop. */
  start(): () => void {
    const feed = liveFeed();
    const stops = [
      feed.readings({
        registry: (columns) => {
          this.book = new AlarmBook(columns);
        },
        delta: (ev) => {
          if (ev.changes.length === 0 || !this.book) return;
          for (const c of ev.changes) this.book.level(c);
          if (this.source === 'local') this.publish();
        },
      }),
      feed.on('alarms', (ev) => {
        for (const [id, a] of ev.updates) {
          if (a) this.shared.set(id, a);
          else this.shared.delete(id);
        }
        this.instances = ev.instances;
        this.settled = ev.settled;
        this.publish();
      }),
      feed.on('system-alarms', (ev) => useAppStore.getState().setSystemAlarms(ev.alarms)),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  /**
   * An operator's action on an alarm: a command to the service when it runs (the answer comes
   * back as a result), else applied to the page's own book at once.
   */
  act(op: OperatorOp, alarm: string, extra: { minutes?: number; reason?: string } = {}): string {
    const id = crypto.randomUUID();
    const feed = liveFeed();
    if (this.source === 'shared') {
      const command: Command = { id, op, alarm, operator: feed.operator ?? '', ts: Date.now(), ...extra };
      feed.send({ type: 'command', command });
    } else {
      const r = this.book?.act({ id, op, alarm, operator: feed.operator ?? 'local', ...extra }, Date.now());
      feed.report(r?.ok ? { id, ok: true } : { id, ok: false, error: r?.reason ?? 'no alarm book yet' });
      this.publish();
    }
    return id;
  }

  /** Lists the alarms into the store, once a frame at most. */
  publish(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const store = useAppStore.getState();
      if (!this.book || store.replay.at !== null) return;
      const source = this.source;
      const listed = source === 'shared' ? [...this.shared.values()].toSorted(listOrder) : this.book.list();
      store.setAlerts(listed, this.book.recentlyClosed(), source);
    });
  }
}

let instance: AlarmFeed | null = null;

/** The page's one alarm feed. */
export function alarmFeed(): AlarmFeed {
  instance ??= new AlarmFeed();
  return instance;
}

/** An operator's command on an alarm (acknowledge, shelve, return to service…); its answer arrives in the store. */
export function actOnAlarm(op: OperatorOp, alarm: string, extra: { minutes?: number; reason?: string } = {}): void {
  alarmFeed().act(op, alarm, extra);
}
