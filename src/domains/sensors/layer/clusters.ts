/**
 * Sensor clusters on supercluster: crowded sensors merge into one cluster (at least `minPoints`
 * within `radiusPx` screen pixels at the view's zoom), which carries its members' worst status
 * and the box around them, so a tap on it can zoom there. Pure of Cesium, so the rule is
 * testable. It runs in a worker (clusters.worker.ts): at 50,000 sensors one index build and query
 * took 100–300 ms of the page's main thread, every 2 s of a storm. The layer asks again when
 * positions or statuses changed and when the camera moves (clusterClient.ts).
 *
 * At city scale (below DISTRICT_ZOOM) the clusters are the districts instead: one count per
 * district, where a few hundred crowded badges would cover the city.
 */
import Supercluster, { type ClusterProperties, type PointFeature } from 'supercluster';

export interface Cluster {
  size: number;
  /** The members' worst status, as its rank (higher is worse). */
  worst: number;
  /** The members' mean position, where the cluster is drawn. */
  lon: number;
  lat: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Clustering {
  /** Cluster index per sensor, −1 when it stands alone or is not shown. */
  clusterOf: Int32Array;
  clusters: Cluster[];
}

interface PointProps {
  i: number;
  worst: number;
}

/** Web-map zoom at which a tile of 256 px shows the world: the scale supercluster works in. */
export function zoomForMetresPerPixel(metresPerPixel: number, latDeg: number): number {
  return Math.log2((40_075_016.686 * Math.cos((latDeg * Math.PI) / 180)) / (256 * Math.max(1e-3, metresPerPixel)));
}

/** Below this web-map zoom (about 40 m a pixel, the whole centre of the city on screen) sensors count per district. */
export const DISTRICT_ZOOM = 12;

export class SensorClusters {
  private index: Supercluster<PointProps, { worst: number }> | null = null;
  private lon: ArrayLike<number> = [];
  private lat: ArrayLike<number> = [];
  private rank: ArrayLike<number> = [];
  /** District number per sensor, −1 for none (a gauge out in the estuary). */
  private district: ArrayLike<number> | null = null;

  constructor(
    private readonly radiusPx: number,
    private readonly minPoints: number,
  ) {}

  /** Indexes the sensors at their positions, each with its status rank (below 0: not shown) and its district. */
  load(lon: ArrayLike<number>, lat: ArrayLike<number>, rank: ArrayLike<number>, district: ArrayLike<number> | null = null): void {
    [this.lon, this.lat, this.rank, this.district] = [lon, lat, rank, district];
    const points: PointFeature<PointProps>[] = [];
    for (let i = 0; i < lon.length; i++) {
      if (rank[i]! >= 0) points.push({ type: 'Feature', properties: { i, worst: rank[i]! }, geometry: { type: 'Point', coordinates: [lon[i]!, lat[i]!] } });
    }
    this.index = new Supercluster<PointProps, { worst: number }>({
      radius: this.radiusPx,
      extent: 256,
      minPoints: this.minPoints,
      maxZoom: 17,
      map: (p) => ({ worst: p.worst }),
      reduce: (acc, p) => {
        acc.worst = Math.max(acc.worst, p.worst);
      },
    }).load(points);
  }

  /** The clusters over a box at a zoom; sensors outside the box belong to none. */
  query(count: number, bbox: [number, number, number, number], zoom: number): Clustering {
    if (this.district && zoom < DISTRICT_ZOOM) return this.byDistrict(count);
    const clusterOf = new Int32Array(count).fill(-1);
    const clusters: Cluster[] = [];
    if (!this.index) return { clusterOf, clusters };
    for (const f of this.index.getClusters(bbox, Math.max(0, Math.floor(zoom)))) {
      const p = f.properties as Partial<ClusterProperties> & { worst: number };
      if (!p.cluster || p.cluster_id === undefined) continue;
      const k = clusters.length;
      const c: Cluster = { size: 0, worst: p.worst, lon: 0, lat: 0, west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
      for (const leaf of this.index.getLeaves(p.cluster_id, Infinity)) {
        const [x, y] = leaf.geometry.coordinates as [number, number];
        c.size++;
        c.lon += x;
        c.lat += y;
        clusterOf[leaf.properties.i] = k;
        c.west = Math.min(c.west, x);
        c.east = Math.max(c.east, x);
        c.south = Math.min(c.south, y);
        c.north = Math.max(c.north, y);
      }
      c.lon /= c.size;
      c.lat /= c.size;
      clusters.push(c);
    }
    return { clusterOf, clusters };
  }

  /** One cluster per district of its shown sensors; sensors of no district stand alone. */
  private byDistrict(count: number): Clustering {
    const clusterOf = new Int32Array(count).fill(-1);
    const clusters: Cluster[] = [];
    const byDistrict = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const d = this.district![i]!;
      if (d < 0 || this.rank[i]! < 0) continue;
      let k = byDistrict.get(d);
      if (k === undefined) {
        k = clusters.length;
        byDistrict.set(d, k);
        clusters.push({ size: 0, worst: -1, lon: 0, lat: 0, west: Infinity, south: Infinity, east: -Infinity, north: -Infinity });
      }
      const c = clusters[k]!;
      const [x, y] = [this.lon[i]!, this.lat[i]!];
      c.size++;
      c.worst = Math.max(c.worst, this.rank[i]!);
      c.lon += x;
      c.lat += y;
      c.west = Math.min(c.west, x);
      c.east = Math.max(c.east, x);
      c.south = Math.min(c.south, y);
      c.north = Math.max(c.north, y);
      clusterOf[i] = k;
    }
    for (const c of clusters) {
      c.lon /= c.size;
      c.lat /= c.size;
    }
    return { clusterOf, clusters };
  }
}

/** A request to the cluster worker: the sensors (when they changed since the last) and the zoom. */
export interface ClusterRequest {
  radiusPx: number;
  minPoints: number;
  zoom: number;
  sensors: { lon: Float64Array; lat: Float64Array; rank: Int8Array; district: Int16Array } | null;
}

export const WORLD: [number, number, number, number] = [-180, -85, 180, 85];
