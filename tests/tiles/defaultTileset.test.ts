/**
 * The default Guangzhou tileset as `npm start` serves it (tiles/guangzhou, built by
 * `npm run tiles`): every glb through the Khronos glTF validator and every tile through the
 * structure checks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANDMARKS } from '../../scripts/city/landmarks.ts';
import { checkTileset, type TilesetCheck } from '../harness/tilesetChecks.ts';

const dir = join(import.meta.dirname, '..', '..', 'tiles', 'guangzhou');
let check: TilesetCheck;

beforeAll(async () => {
  if (!existsSync(join(dir, 'tileset.json'))) throw new Error('tiles/guangzhou is missing: run `npm run tiles` first (npm test does)');
  check = await checkTileset(dir);
  console.log(
    `default tileset: ${check.tiles} tiles, ${check.features} buildings, largest content ${(check.maxContentBytes / 1e6).toFixed(2)} MB, ` +
      `glTF validator ${check.gltfValidatorIssues.errors} errors / ${check.gltfValidatorIssues.warnings} warnings`,
  );
});

describe('default Guangzhou tileset', () => {
  it('passes every structure and content check, with 0 glTF validator errors', () => {
    expect(check.errors).toEqual([]);
    expect(check.gltfValidatorIssues.errors).toBe(0);
  });

  it('holds at least 200,000 buildings, each once', () => {
    expect(check.features).toBeGreaterThanOrEqual(200_000);
    expect(check.heights.size).toBe(check.features);
  });

  it('carries the landmarks at their true heights', () => {
    for (const l of LANDMARKS) expect(check.heights.get(l.id)).toBeCloseTo(l.height, 3);
    const tallestGenerated = [...check.heights].filter(([id]) => !LANDMARKS.some((l) => l.id === id)).reduce((a, [, h]) => Math.max(a, h), 0);
    expect(tallestGenerated).toBeLessThan(391);
  });
});
