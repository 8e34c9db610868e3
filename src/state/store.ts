/**
 * The single source of truth: one zustand store made of slices (src/state/slices), each owning
 * its fields and actions. Components and layers select from it; controllers (src/controllers)
 * subscribe to it and write their answers back.
 */
import { create } from 'zustand';
import { createFloodSlice, type FloodSlice } from '../domains/flood/floodSlice.ts';
import { createLayersSlice, type LayersSlice } from './slices/layersSlice.ts';
import { createLiveSlice, type LiveSlice } from './slices/liveSlice.ts';
import { createPlannerSlice, type PlannerSlice } from '../domains/planner/plannerSlice.ts';
import { createSceneSlice, type SceneSlice } from './slices/sceneSlice.ts';
import { createUiSlice, type UiSlice } from './slices/uiSlice.ts';
import { createSignsSlice, type SignsSlice } from '../domains/signs/signsSlice.ts';
import { createTrucksSlice, type TrucksSlice } from '../domains/trucks/trucksSlice.ts';
import { createProposalsSlice, type ProposalsSlice } from '../domains/planner/proposalsSlice.ts';
import { createPanoramaSlice, type PanoramaSlice } from '../domains/panorama/panoramaSlice.ts';
import { createCrowdSlice, type CrowdSlice } from '../domains/crowd/crowdSlice.ts';

export type { CameraCommand, SceneStatus } from './slices/sceneSlice.ts';
export type { Selection } from './slices/layersSlice.ts';
export { readyLayerData, readyLayerId, visibleLayerIds } from './slices/layersSlice.ts';
export type { LiveCellCounts } from './slices/liveSlice.ts';
export type { AppMode, FloodSource, FloodState, ReplayState } from '../domains/flood/floodSlice.ts';
export type { DrawnShape, DrawTool, PlannerState, PlannerTab, SensorHit } from '../domains/planner/plannerSlice.ts';
export { PLANNER_TABS, shapeOf } from '../domains/planner/plannerSlice.ts';
export type { Viewpoint } from './slices/uiSlice.ts';
export type { AnalysisAsk, CompareMode, PendingModel, ProposalsState } from '../domains/planner/proposalsSlice.ts';
export { isSightAsk } from '../domains/planner/proposalsSlice.ts';
export { dayPositionAt, selectedViolationRecord } from '../domains/trucks/trucksSlice.ts';
export type { CellRecordList, LiveCase, PanoramaData, PanoramaTab } from '../domains/panorama/panoramaSlice.ts';
export { MAX_LIVE_CASES, PANORAMA_TABS, TAB_SETS } from '../domains/panorama/panoramaSlice.ts';
export type { CrowdNow, CrowdPlan, CrowdUnit } from '../domains/crowd/crowdSlice.ts';
export { CROWD_UNITS, planPerimeter } from '../domains/crowd/crowdSlice.ts';

export type AppState = SceneSlice & LayersSlice & LiveSlice & FloodSlice & PlannerSlice & UiSlice & SignsSlice & TrucksSlice & ProposalsSlice & PanoramaSlice & CrowdSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createSceneSlice(...a),
  ...createLayersSlice(...a),
  ...createLiveSlice(...a),
  ...createFloodSlice(...a),
  ...createPlannerSlice(...a),
  ...createUiSlice(...a),
  ...createSignsSlice(...a),
  ...createTrucksSlice(...a),
  ...createProposalsSlice(...a),
  ...createPanoramaSlice(...a),
  ...createCrowdSlice(...a),
}));
