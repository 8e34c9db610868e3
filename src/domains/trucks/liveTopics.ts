/** The muck trucks' part of the live worker: the service's retained violations, posted once a flush. */
import { retainedFeed, type TopicFeedFactory } from '../../live/topicFeed.ts';
import { violationFilter, violationSchema, type ViolationRecord } from './contract.ts';

/** Retained muck-truck violations that changed since the last flush (null: closed). */
export interface LiveViolations {
  type: 'violations';
  updates: [string, ViolationRecord | null][];
}

declare module '../../live/liveProtocol.ts' {
  interface LiveEvents {
    violations: LiveViolations;
  }
}

export const feed: TopicFeedFactory = (ctx) =>
  retainedFeed<ViolationRecord>(ctx, { segment: 'violation', filter: violationFilter(ctx.topicPrefix), schema: violationSchema, reason: 'bad-violation', post: (updates) => ctx.post({ type: 'violations', updates }) });
