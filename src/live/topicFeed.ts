/**
 * A domain's part of the live worker: the topics it reads, what it posts to the page, and the
 * commands it takes. The worker finds every src/domains/<name>/liveTopics.ts by folder, makes its
 * feed once the registry is in, and routes to it; the worker itself names no domain.
 */
import type { Decoded, RejectReason } from './decode.ts';
import type { LiveCommands, LiveEvent } from './liveProtocol.ts';
import type { SensorRegistry } from './contract.ts';

/** What a feed tells the diagnostics: a message received, accepted, or refused with its reason. */
export interface FeedCounters {
  received(): void;
  accepted(): void;
  refused(reason: RejectReason, detail: string): void;
}

export interface FeedContext {
  /** `city/guangzhou`: every topic starts with it. */
  topicPrefix: string;
  registry: SensorRegistry;
  post(event: LiveEvent, transfer?: Transferable[]): void;
  count: FeedCounters;
  /** Counts a decoded message as the readings are counted; true when it was accepted. */
  counted(d: Decoded): d is Extract<Decoded, { ok: true }>;
  /** Subscribes a filter now if connected: for a feed that starts after the connection did. */
  subscribe(filter: string): void;
}

type CommandHandlers = { [K in keyof LiveCommands]?: (command: LiveCommands[K]) => void };

export interface TopicFeed {
  /** The filters to subscribe on each connection (none for a feed not yet started). */
  filters(): string[];
  /** Takes a message on one of its topics; false when the topic is not its own. */
  message(topic: string, payload: Uint8Array): boolean;
  /** Posts what changed since the last flush (every 16 ms). */
  flush?(): void;
  /** The page's commands this feed takes, by type. */
  commands?: CommandHandlers;
  /** On each connection, before subscribing. */
  connected?(): void;
  /** A moment after the subscription is granted: the broker has sent what it retains. */
  settled?(): void;
  /** The worker reconnects with another login. */
  relogin?(): void;
}

export type TopicFeedFactory = (ctx: FeedContext) => TopicFeed;

interface Schema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
}

const text = new TextDecoder();

/**
 * A retained record whose topic ends in its id (an alarm, a violation, a case): an empty payload
 * clears it (null), a record that passes its schema with that id is kept, anything else is refused.
 * True when it was kept or cleared.
 */
export function takeRetained<T extends { id: string }>(id: string, payload: Uint8Array, schema: Schema<T>, into: Map<string, T | null>, reason: RejectReason, count: FeedCounters): boolean {
  if (payload.byteLength === 0) {
    into.set(id, null);
    return true;
  }
  let parsed: ReturnType<Schema<T>['safeParse']> | null = null;
  try {
    parsed = schema.safeParse(JSON.parse(text.decode(payload)));
  } catch {
    parsed = null;
  }
  if (parsed?.success && parsed.data.id === id) {
    into.set(id, parsed.data);
    return true;
  }
  count.refused(reason, `${id.slice(0, 64)}: ${parsed ? (parsed.success ? 'id differs from its topic' : (parsed.error.issues[0]?.message ?? 'invalid')) : 'not JSON'}`);
  return false;
}

/**
 * A feed of retained records on `{city}/{segment}/{id}` (violations, cases): each checked with
 * takeRetained, the changes posted together once a flush. `counted`: the records count in the
 * feed's received and accepted figures, and one over the payload limit is refused for its size.
 */
export function retainedFeed<T extends { id: string }>(
  ctx: FeedContext,
  o: { segment: string; filter: string; schema: Schema<T>; reason: RejectReason; counted?: { maxBytes: number }; post(updates: [string, T | null][]): void },
): TopicFeed {
  const prefix = `${ctx.topicPrefix}/${o.segment}/`;
  const updates = new Map<string, T | null>();
  return {
    filters: () => [o.filter],
    message(topic, payload) {
      if (!topic.startsWith(prefix)) return false;
      const id = topic.slice(prefix.length);
      if (!o.counted) takeRetained(id, payload, o.schema, updates, o.reason, ctx.count);
      else {
        ctx.count.received();
        if (payload.byteLength > o.counted.maxBytes) ctx.count.refused('too-large', `${topic}: ${payload.byteLength} bytes`);
        else if (takeRetained(id, payload, o.schema, updates, o.reason, ctx.count)) ctx.count.accepted();
      }
      return true;
    },
    flush() {
      if (updates.size === 0) return;
      o.post([...updates]);
      updates.clear();
    },
  };
}
