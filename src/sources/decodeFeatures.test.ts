import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodePolygonFeatures, GeoJsonDocumentError } from './decodeFeatures.ts';

const bounds = { west: 112.9, south: 22.5, east: 114.1, north: 24 };
const props = z.object({ id: z.string() });
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../tests/fixtures/geojson/${name}`, import.meta.url), 'utf8'));

describe('decodePolygonFeatures', () => {
  it('keeps every good feature of a partly broken file and counts each reject by reason', () => {
    const { features, report } = decodePolygonFeatures(fixture('broken-features.geojson'), props, bounds);
    expect(features.map((f) => f.properties.id)).toEqual(['good', 'unclosed', 'multi', 'with-hole']);
    expect(report.accepted).toBe(4);
    expect(report.repaired).toBe(1);
    expect(report.rejected).toEqual({
      'not-a-feature': 1,
      'bad-geometry': 2,
      'too-few-points': 1,
      'non-finite': 1,
      'out-of-bounds': 2,
      'bad-properties': 1,
    });
    expect(report.examples).toHaveLength(5);
    expect(report.examples[0]).toMatch(/^#1: not-a-feature/);
  });

  it('closes an unclosed ring instead of dropping the feature', () => {
    const { features } = decodePolygonFeatures(fixture('broken-features.geojson'), props, bounds);
    const ring = features.find((f) => f.properties.id === 'unclosed')!.geometry.coordinates[0] as number[][];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('keeps holes and multipolygon parts', () => {
    const { features } = decodePolygonFeatures(fixture('broken-features.geojson'), props, bounds);
    expect(features.find((f) => f.properties.id === 'with-hole')!.geometry.coordinates).toHaveLength(2);
    expect(features.find((f) => f.properties.id === 'multi')!.geometry.type).toBe('MultiPolygon');
  });

  it('throws a clear error for a document that is not a FeatureCollection', () => {
    expect(() => decodePolygonFeatures({ type: 'Feature' }, props, bounds)).toThrow(GeoJsonDocumentError);
    expect(() => decodePolygonFeatures('nonsense', props, bounds)).toThrow('not a GeoJSON FeatureCollection');
  });
});
