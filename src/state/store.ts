/**
 * The single source of truth: one zustand store made of slices (src/state/slices), each owning
 * its fields and actions. Components and layers select from it; controllers (src/controllers)
 * subscribe to it and write their answers back.
 */
import { create } from 'zustand';
import { createLayersSlice, type LayersSlice } from './slices/layersSlice.ts';
import { createLiveSlice, type LiveSlice } from './slices/liveSlice.ts';
import { createSceneSlice, type SceneSlice } from './slices/sceneSlice.ts';
import { createUiSlice, type UiSlice } from './slices/uiSlice.ts';
import type { AppSlice } from './slices/appSlice.ts';

export type { CameraCommand, SceneStatus } from './slices/sceneSlice.ts';
export type { Selection } from './slices/layersSlice.ts';
export { readyLayerData, readyLayerId, visibleLayerIds } from './slices/layersSlice.ts';
export type { LiveCellCounts } from './slices/liveSlice.ts';
export type { Viewpoint } from './slices/uiSlice.ts';

/**
 * Each domain's slices, by name: every src/domains/<name>/*Slice.ts adds its own member by
 * declaration merging, and the store finds the file by folder, so the store names no domain.
 */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainSlices {}

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type AppState = SceneSlice & LayersSlice & LiveSlice & UiSlice & Intersection<DomainSlices[keyof DomainSlices]>;

/** Every domain's slice creator, found by folder (tested to own fields no other slice has). */
export const DOMAIN_SLICES = Object.values(import.meta.glob<{ slice: AppSlice<object> }>('../domains/*/*Slice.ts', { eager: true })).map((m) => m.slice);

export const useAppStore = create<AppState>()(
  (...a) => Object.assign({}, createSceneSlice(...a), createLayersSlice(...a), createLiveSlice(...a), createUiSlice(...a), ...DOMAIN_SLICES.map((slice) => slice(...a))) as AppState,
);
