import type { SunlightRule } from './sunlightHours.ts';
import type { PlannerJobResult } from './plannerJobs.ts';
import { placeModel, type ModelBox, type ProposedBuilding } from './proposed.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

/** What the planner asks of the analyses, naming the drawn shapes it reads. */
export type AnalysisAsk =
  | { kind: 'sunPoint'; shape: string; heightM: number }
  | { kind: 'sunBuilding'; buildingId: string }
  | { kind: 'sunImpact' }
  | { kind: 'lineOfSight'; shape: string; fromM: number; toM: number }
  | { kind: 'viewshed'; shape: string; heightM: number; heading: number; fov: number; rangeM: number; target: string | null }
  | { kind: 'skyline'; shape: string; heightM: number; rangeM: number };

export type CompareMode = 'none' | 'proposed' | 'style';

/** The asks the sight tab makes; the others are the sunlight tab's. */
export const isSightAsk = (ask: AnalysisAsk): ask is Extract<AnalysisAsk, { kind: 'lineOfSight' | 'viewshed' | 'skyline' }> => ask.kind === 'lineOfSight' || ask.kind === 'viewshed' || ask.kind === 'skyline';

/** A model read from a file, waiting for the tap that places it. */
export interface PendingModel {
  name: string;
  bytes: Uint8Array;
  box: ModelBox;
}

export interface ProposalsState {
  proposed: ProposedBuilding[];
  /** Ids of existing buildings the proposals replace: hidden in the proposed city. */
  demolished: string[];
  rule: SunlightRule['id'];
  ask: AnalysisAsk | null;
  answer: PlannerJobResult | null;
  /** The ask the answer is for, to tell a stale answer. */
  answered: AnalysisAsk | null;
  busy: boolean;
  /** Why the ask cannot run (a message key: a shape missing or of the wrong kind), or null. */
  problem: 'needPoint' | 'needLine' | 'needProposal' | null;
  /** Today against proposed, or buildings by one style against another, split at `split` (0–1 of the width). */
  compare: CompareMode;
  split: number;
  /** A model waiting to be placed by a tap. */
  placing: PendingModel | null;
  /** Model files by proposal id: the bytes stay in this page, the URL keeps the placement. */
  models: Record<string, Uint8Array>;
}

/** The planner's proposals (new buildings, a demolition set), the analyses asked of them, and the compare view. */
export interface ProposalsSlice {
  proposals: ProposalsState;
  setProposals: (patch: Partial<ProposalsState>) => void;
  /** Extrudes a drawn area to a height as a proposed building. */
  extrude: (footprint: [number, number][], height: number) => void;
  /** Places the pending model where the planner tapped. */
  placeAt: (lon: number, lat: number) => void;
  updateProposed: (id: string, patch: { height?: number; heading?: number; scale?: number }) => void;
  removeProposed: (id: string) => void;
  toggleDemolished: (buildingId: string) => void;
}

export function nextProposalId(proposed: readonly ProposedBuilding[]): string {
  return `P${proposed.reduce((n, x) => Math.max(n, Number(x.id.slice(1)) || 0), 0) + 1}`;
}

export const slice: AppSlice<ProposalsSlice> = (set) => ({
  proposals: { proposed: [], demolished: [], rule: 'gz-dahan-3h', ask: null, answer: null, answered: null, busy: false, problem: null, compare: 'none', split: 0.5, placing: null, models: {} },
  setProposals: (patch) => set((s) => ({ proposals: { ...s.proposals, ...patch } })),
  extrude: (footprint, height) =>
    set((s) => {
      const p = s.proposals;
      return { proposals: { ...p, proposed: [...p.proposed, { id: nextProposalId(p.proposed), footprint, height, model: null }] } };
    }),
  placeAt: (lon, lat) =>
    set((s) => {
      const p = s.proposals;
      if (!p.placing) return {};
      const id = nextProposalId(p.proposed);
      const building = placeModel(id, { name: p.placing.name, lon, lat, heading: 0, scale: 1, box: p.placing.box });
      return { proposals: { ...p, proposed: [...p.proposed, building], models: { ...p.models, [id]: p.placing.bytes }, placing: null } };
    }),
  updateProposed: (id, patch) =>
    set((s) => {
      const p = s.proposals;
      const proposed = p.proposed.map((b) => {
        if (b.id !== id) return b;
        if (b.model) return placeModel(b.id, { ...b.model, heading: patch.heading ?? b.model.heading, scale: patch.scale ?? b.model.scale });
        return { ...b, height: patch.height ?? b.height };
      });
      return { proposals: { ...p, proposed } };
    }),
  removeProposed: (id) =>
    set((s) => {
      const { [id]: _gone, ...models } = s.proposals.models;
      return { proposals: { ...s.proposals, proposed: s.proposals.proposed.filter((b) => b.id !== id), models } };
    }),
  toggleDemolished: (buildingId) =>
    set((s) => {
      const d = s.proposals.demolished;
      return { proposals: { ...s.proposals, demolished: d.includes(buildingId) ? d.filter((x) => x !== buildingId) : [...d, buildingId] } };
    }),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    proposals: ProposalsSlice;
  }
}
