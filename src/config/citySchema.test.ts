import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citySchema } from '../registry/layerKinds.ts';
import { toProblems } from './formatIssues.ts';

const shipped = JSON.parse(readFileSync(new URL('../../public/cities/guangzhou/city.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function problemsOf(doc: unknown) {
  const r = citySchema.safeParse(doc);
  return r.success ? [] : toProblems(r.error);
}

describe('city.json schema', () => {
  it('accepts the shipped Guangzhou config', () => {
    expect(problemsOf(shipped)).toEqual([]);
  });

  it('names the bad field of a broken config', () => {
    const broken = structuredClone(shipped) as { home: { height: unknown }; layers: { url: unknown }[] };
    broken.home.height = 'high';
    broken.layers[1]!.url = 42;
    expect(problemsOf(broken).map((p) => p.field)).toEqual(['home.height', 'layers[1].url']);
  });

  it('refuses a layer served from another host', () => {
    const doc = structuredClone(shipped) as { layers: { url: string }[] };
    doc.layers[0]!.url = 'https://example.com/districts.geojson';
    expect(problemsOf(doc)).toEqual([{ field: 'layers[0].url', message: 'must be a path on this site, not another host' }]);
  });

  it('refuses a home view outside the bounds', () => {
    const doc = structuredClone(shipped) as { home: { lon: number } };
    doc.home.lon = 100;
    expect(problemsOf(doc).map((p) => p.field)).toEqual(['home']);
  });

  it('refuses an MQTT URL a browser cannot open', () => {
    const doc = structuredClone(shipped) as { mqtt: { url: string } };
    doc.mqtt.url = 'mqtt://127.0.0.1:1883';
    expect(problemsOf(doc).map((p) => p.field)).toEqual(['mqtt.url']);
  });
});
