import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { DOMAIN_SLICES, useAppStore } from './store.ts';
import { createLayersSlice } from './slices/layersSlice.ts';
import { createLiveSlice } from './slices/liveSlice.ts';
import { createSceneSlice } from './slices/sceneSlice.ts';
import { createUiSlice } from './slices/uiSlice.ts';
import type { AppSlice } from './slices/appSlice.ts';

const DOMAINS = join(import.meta.dirname, '..', 'domains');

describe('the store', () => {
  it("finds every domain's slice", () => {
    const files = readdirSync(DOMAINS).flatMap((d) => readdirSync(join(DOMAINS, d)).filter((f) => f.endsWith('Slice.ts')));
    expect(DOMAIN_SLICES.length).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it('has slices that own disjoint fields, all of them in the store', () => {
    const creators: AppSlice<object>[] = [createSceneSlice, createLayersSlice, createLiveSlice, createUiSlice, ...DOMAIN_SLICES];
    const owner = new Map<string, number>();
    const twice: string[] = [];
    creators.forEach((creator, i) => {
      const fields = Object.keys(create<object>()((...a) => creator(...(a as Parameters<typeof creator>))).getState());
      for (const f of fields) {
        if (owner.has(f)) twice.push(f);
        owner.set(f, i);
      }
    });
    expect(twice).toEqual([]);
    expect(Object.keys(useAppStore.getState()).toSorted()).toEqual([...owner.keys()].toSorted());
  });
});
