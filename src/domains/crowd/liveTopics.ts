/** The crowds' part of the live worker: the crowd model once the page asks for it, then the crowds' messages. */
import type { TopicFeedFactory } from '../../live/topicFeed.ts';
import type { AreaWeights } from './areaWeights.ts';
import { crowdFilter, type Gates, type VenueRecord } from './contract.ts';
import { crowdAreaWeights, CrowdFeed, loadCrowdModel } from './crowdFeed.ts';
import type { HexMesh } from './hexMesh.ts';

/** Loads the crowd model, builds its hexagons' mesh and subscribes the crowds (src/domains/crowd/contract.ts). */
export interface LiveCrowd {
  type: 'crowd';
  modelUrl: string;
  /** Height of the hexagons' sheet above the ellipsoid, metres. */
  heightM: number;
}

/** How a drawn perimeter covers the crowd model's hexagons (src/domains/crowd/areaWeights.ts). */
export interface LiveCrowdArea {
  type: 'crowd-area';
  id: number;
  ring: [number, number][];
}

/** The crowd model as the page needs it: the hexagons' mesh and their areas. */
export interface LiveCrowdModel {
  type: 'crowd-model';
  mesh: HexMesh;
  hexes: number;
  cells: number;
  venues: string[];
}

/** One minute's estimate, from the signalling counts (src/domains/crowd/estimate.ts). */
export interface LiveCrowdMinute {
  type: 'crowd-minute';
  /** Scenario time of the counts, and when they were sent, ms. */
  at: number;
  ts: number;
  /** People per km² of each hexagon and each grid cell, and people per cell. */
  hexDensity: Float32Array;
  cellDensity: Float32Array;
  cellPeople: Float32Array;
  venuePeople: Float64Array;
  total: number;
}

/** Venue records and gate counts that arrived since the last flush. */
export interface LiveCrowdUpdates {
  type: 'crowd-updates';
  venues: [string, VenueRecord][];
  gates: Gates | null;
}

declare module '../../live/liveProtocol.ts' {
  interface LiveCommands {
    crowd: LiveCrowd;
    'crowd-area': LiveCrowdArea;
  }
  interface LiveEvents {
    'crowd-model': LiveCrowdModel;
    'crowd-minute': LiveCrowdMinute;
    'crowd-updates': LiveCrowdUpdates;
    'crowd-error': { type: 'crowd-error'; message: string };
    'crowd-area': { type: 'crowd-area'; id: number; weights: AreaWeights | null; error?: string };
  }
}

export const feed: TopicFeedFactory = ({ topicPrefix, post, count, subscribe }) => {
  let crowd: CrowdFeed | null = null;
  return {
    filters: () => (crowd ? [crowdFilter(topicPrefix)] : []),
    message(topic, payload) {
      if (!crowd || !topic.startsWith(crowd.prefix)) return false;
      crowd.message(topic, payload);
      return true;
    },
    flush: () => crowd?.flush(),
    commands: {
      crowd: (wanted) => {
        if (crowd) return;
        loadCrowdModel(wanted, post)
          .then((model) => {
            crowd = new CrowdFeed(model, `${topicPrefix}/crowd/`, post, count);
            subscribe(crowdFilter(topicPrefix));
          })
          .catch((err: unknown) => post({ type: 'crowd-error', message: err instanceof Error ? err.message : String(err) }));
      },
      'crowd-area': (cmd) => {
        const weights = crowdAreaWeights(cmd.ring);
        if (!weights) return post({ type: 'crowd-area', id: cmd.id, weights: null, error: 'the crowd model is not loaded' });
        post({ type: 'crowd-area', id: cmd.id, weights }, [weights.hexes.buffer, weights.km2.buffer]);
      },
    },
  };
};
