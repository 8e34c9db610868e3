/** The cases' part of the live worker: governance cases as they arrive or change, posted once a flush. */
import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { takeRetained, type TopicFeedFactory } from '../../live/topicFeed.ts';
import { caseFilter, caseMessageSchema, type CaseMessage } from './contract.ts';

/** Live governance cases that arrived or changed since the last flush (null: cleared). */
export interface LiveCases {
  type: 'cases';
  updates: [string, CaseMessage | null][];
}

declare module '../../live/liveProtocol.ts' {
  interface LiveEvents {
    cases: LiveCases;
  }
}

export const feed: TopicFeedFactory = ({ topicPrefix, post, count }) => {
  const prefix = `${topicPrefix}/case/`;
  const updates = new Map<string, CaseMessage | null>();
  return {
    filters: () => [caseFilter(topicPrefix)],
    message(topic, payload) {
      if (!topic.startsWith(prefix)) return false;
      count.received();
      if (payload.byteLength > MAX_PAYLOAD_BYTES) count.refused('too-large', `${topic}: ${payload.byteLength} bytes`);
      else if (takeRetained(topic.slice(prefix.length), payload, caseMessageSchema, updates, 'bad-case', count)) count.accepted();
      return true;
    },
    flush() {
      if (updates.size === 0) return;
      post({ type: 'cases', updates: [...updates] });
      updates.clear();
    },
  };
};
