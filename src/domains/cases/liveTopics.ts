/** The cases' part of the live worker: governance cases as they arrive or change, posted once a flush. */
import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { retainedFeed, type TopicFeedFactory } from '../../live/topicFeed.ts';
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

export const feed: TopicFeedFactory = (ctx) =>
  retainedFeed<CaseMessage>(ctx, {
    segment: 'case',
    filter: caseFilter(ctx.topicPrefix),
    schema: caseMessageSchema,
    reason: 'bad-case',
    counted: { maxBytes: MAX_PAYLOAD_BYTES },
    post: (updates) => ctx.post({ type: 'cases', updates }),
  });
