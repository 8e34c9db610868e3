/** The muck trucks' part of the live worker: the service's retained violations, posted once a flush. */
import { takeRetained, type TopicFeedFactory } from '../../live/topicFeed.ts';
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

export const feed: TopicFeedFactory = ({ topicPrefix, post, count }) => {
  const prefix = `${topicPrefix}/violation/`;
  const updates = new Map<string, ViolationRecord | null>();
  return {
    filters: () => [violationFilter(topicPrefix)],
    message(topic, payload) {
      if (!topic.startsWith(prefix)) return false;
      takeRetained(topic.slice(prefix.length), payload, violationSchema, updates, 'bad-violation', count);
      return true;
    },
    flush() {
      if (updates.size === 0) return;
      post({ type: 'violations', updates: [...updates] });
      updates.clear();
    },
  };
};
