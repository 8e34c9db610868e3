import { describe, expect, it } from 'vitest';
import { DISTRICT_ZOOM, SensorClusters, zoomForMetresPerPixel } from './clusters.ts';

/** Six sensors close together near Tianhe, two far apart, one hidden. */
const lon = [113.33, 113.3301, 113.3302, 113.3303, 113.3304, 113.3305, 113.2, 113.5, 113.3306];
const lat = [23.12, 23.1201, 23.1202, 23.1203, 23.1204, 23.1205, 23.0, 23.3, 23.1206];
/** The last one is hidden (rank −1), though its status is the worst. */
const ranks = [2, 2, 4, 2, 1, 2, 3, 2, -1];
const world: [number, number, number, number] = [-180, -85, 180, 85];

describe('sensor clusters', () => {
  it('merges crowded sensors into one cluster with its worst status and its box, and leaves sparse or hidden ones alone', () => {
    const c = new SensorClusters(64, 6);
    c.load(lon, lat, ranks);
    const { clusterOf, clusters } = c.query(lon.length, world, 11);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.size).toBe(6);
    // The hidden sensor stands beside the others, and still belongs to no cluster.
    expect(clusters[0]!.worst).toBe(4);
    expect(clusters[0]!.west).toBeCloseTo(113.33, 6);
    expect(clusters[0]!.north).toBeCloseTo(23.1205, 6);
    // Drawn at the members' mean, not at supercluster's weighted centre of its zoom.
    expect(clusters[0]!.lon).toBeCloseTo(113.33025, 6);
    expect(clusters[0]!.lat).toBeCloseTo(23.12025, 6);
    expect(Array.from(clusterOf)).toEqual([0, 0, 0, 0, 0, 0, -1, -1, -1]);
  });

  it('splits the cluster when zoomed in far enough, and needs the minimum of members', () => {
    const c = new SensorClusters(64, 6);
    c.load(lon, lat, ranks);
    expect(c.query(lon.length, world, 17).clusters).toHaveLength(0);
    const seven = new SensorClusters(64, 7);
    seven.load(lon, lat, ranks);
    expect(seven.query(lon.length, world, 11).clusters).toHaveLength(0);
  });

  it('counts per district at city scale, hidden sensors left out and those of no district alone', () => {
    const district = [0, 0, 0, 1, 1, 1, 1, -1, 0];
    const c = new SensorClusters(64, 6);
    c.load(lon, lat, ranks, district);
    const { clusterOf, clusters } = c.query(lon.length, world, DISTRICT_ZOOM - 1);
    expect(clusters.map((x) => [x.size, x.worst])).toEqual([[3, 4], [4, 3]]);
    expect(Array.from(clusterOf)).toEqual([0, 0, 0, 1, 1, 1, 1, -1, -1]);
    expect(clusters[1]!.west).toBeCloseTo(113.2, 6);
    // Closer in, the crowded ones cluster by distance again.
    expect(c.query(lon.length, world, 11.9 + 0.2).clusters.map((x) => x.size)).toEqual([6]);
  });

  it('finds the web-map zoom of a ground resolution', () => {
    // At the equator, zoom 0 is 156 km per pixel and each level halves it.
    expect(zoomForMetresPerPixel(156_543, 0)).toBeCloseTo(0, 2);
    expect(zoomForMetresPerPixel(156_543 / 1024, 0)).toBeCloseTo(10, 2);
  });
});
