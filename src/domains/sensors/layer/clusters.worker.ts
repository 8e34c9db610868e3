/// <reference lib="webworker" />
/**
 * The sensor clusters off the main thread: keeps the last index and answers each request with
 * the clustering at its zoom. `clusterOf` travels as a transferred buffer.
 */
import { SensorClusters, WORLD, type ClusterRequest } from './clusters.ts';

let index: SensorClusters | null = null;
let count = 0;

self.addEventListener('message', (e: MessageEvent<ClusterRequest>) => {
  const r = e.data;
  if (r.sensors || !index) {
    index = new SensorClusters(r.radiusPx, r.minPoints);
    const s = r.sensors ?? { lon: new Float64Array(0), lat: new Float64Array(0), rank: new Int8Array(0), district: new Int16Array(0) };
    index.load(s.lon, s.lat, s.rank, s.district);
    count = s.lon.length;
  }
  const result = index.query(count, WORLD, r.zoom);
  self.postMessage(result, [result.clusterOf.buffer]);
});
