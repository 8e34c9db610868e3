import { describe, expect, it } from 'vitest';
import { CASE_SOURCES, CASE_STATUSES, CASE_TYPES } from '../domains/panorama/index.ts';
import { feed as casesFeed } from '../domains/cases/liveTopics.ts';
import { MAX_PAYLOAD_BYTES, type SensorRegistry } from './contract.ts';
import type { RejectReason } from './decode.ts';
import type { LiveEvent } from './liveProtocol.ts';
import { tally } from '../sources/tally.ts';
import type { FeedContext } from './topicFeed.ts';

const enc = new TextEncoder();

function context(): { ctx: FeedContext; posted: LiveEvent[]; figures: { received: number; accepted: number; rejects: Partial<Record<RejectReason, number>> } } {
  const posted: LiveEvent[] = [];
  const figures = { received: 0, accepted: 0, rejects: {} as Partial<Record<RejectReason, number>> };
  const ctx: FeedContext = {
    topicPrefix: 'city/test',
    registry: {} as SensorRegistry,
    post: (e) => void posted.push(e),
    count: { received: () => void figures.received++, accepted: () => void figures.accepted++, refused: (reason) => void tally(figures.rejects, reason) },
    counted: (_d): _d is never => false,
    subscribe: () => undefined,
  };
  return { ctx, posted, figures };
}

const aCase = (id: string) => ({ id, source: CASE_SOURCES[0].code, type: CASE_TYPES[0].code, status: CASE_STATUSES.find((s) => s.code !== 'closed')!.code, opened: 1_700_000_000_000, closed: null, lon: 113.3, lat: 23.1 });

describe("a domain's retained-record feed (the cases')", () => {
  it('keeps a valid record, clears an empty one, refuses the rest by reason, and posts the changes once a flush', () => {
    const { ctx, posted, figures } = context();
    const f = casesFeed(ctx);
    expect(f.filters()).toEqual(['city/test/case/#']);
    expect(f.message('city/test/sensor/x/1', enc.encode('{}'))).toBe(false);
    expect(f.message('city/test/case/C1', enc.encode(JSON.stringify(aCase('C1'))))).toBe(true);
    f.message('city/test/case/C2', new Uint8Array(0));
    f.message('city/test/case/C3', enc.encode('not json'));
    f.message('city/test/case/C4', enc.encode(JSON.stringify(aCase('other'))));
    f.message('city/test/case/C5', new Uint8Array(MAX_PAYLOAD_BYTES + 1));
    expect(figures).toEqual({ received: 5, accepted: 2, rejects: { 'bad-case': 2, 'too-large': 1 } });
    f.flush?.();
    f.flush?.();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: 'cases', updates: [['C1', { id: 'C1' }], ['C2', null]] });
  });
});
