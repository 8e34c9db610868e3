/** The vital signs' part of the live worker: the catalogue once the page asks for it, then the signs' messages. */
import type { TopicFeedFactory } from '../../live/topicFeed.ts';
import { signFilter, type Catalogue, type Refusal, type SignSeries } from './catalogue.ts';
import { loadSignFeed, type SignFeed } from './signFeed.ts';

/** Vital signs change at most every few seconds: the page hears of them twice a second. */
const SIGN_FLUSH_MS = 500;

/** Subscribes the vital signs of a catalogue (fetched and checked in the worker). */
export interface LiveSigns {
  type: 'signs';
  catalogueUrl: string;
  /** The districts' adcodes: each district-level indicator has a series per district. */
  districts: string[];
}

/** The checked catalogue, its refused entries, and the series every sign delta indexes. */
export interface LiveCatalogue {
  type: 'catalogue';
  catalogue: Omit<Catalogue, 'byId'>;
  refused: Refusal[];
  series: SignSeries[];
}

/** Vital signs that changed since the last flush, latest per series. */
export interface LiveSignDelta {
  type: 'sign-delta';
  slot: Uint32Array;
  value: Float64Array;
  ts: Float64Array;
}

declare module '../../live/liveProtocol.ts' {
  interface LiveCommands {
    signs: LiveSigns;
  }
  interface LiveEvents {
    catalogue: LiveCatalogue;
    'catalogue-error': { type: 'catalogue-error'; message: string };
    'sign-delta': LiveSignDelta;
  }
}

export const feed: TopicFeedFactory = ({ topicPrefix, post, counted, subscribe }) => {
  let signs: SignFeed | null = null;
  setInterval(() => signs?.flush(), SIGN_FLUSH_MS);
  return {
    filters: () => (signs ? [signFilter(topicPrefix)] : []),
    message(topic, payload) {
      if (!signs || !topic.startsWith(signs.prefix)) return false;
      signs.message(topic, payload, counted);
      return true;
    },
    commands: {
      signs: (wanted) => {
        if (signs) return;
        loadSignFeed(wanted, topicPrefix, post)
          .then((loaded) => {
            signs = loaded;
            subscribe(signFilter(topicPrefix));
          })
          .catch((err: unknown) => post({ type: 'catalogue-error', message: err instanceof Error ? err.message : String(err) }));
      },
    },
  };
};
