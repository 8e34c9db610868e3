import type { PanoramaLoaded, PanoramaPoints } from './analysisHandlers.ts';
import type { PanoramaHeader } from './panoramaFormat.ts';
import { landRatios } from './cellFigures.ts';
import type { Case, RecordOf, RecordSet } from './records.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';
import type { EnterpriseHit } from './apiContract.ts';

/** The enterprise search, as the operations service answers it. */
export type EnterpriseSearchState =
  | { phase: 'idle' | 'searching' }
  | { phase: 'loading'; loaded: number; total: number }
  | { phase: 'ready'; hits: EnterpriseHit[]; query: string }
  | { phase: 'error'; error: string };

/** The five panoramas of a cell: people, enterprises, land, objects, government (人、企、地、物、政). */
export const PANORAMA_TABS = ['people', 'enterprises', 'land', 'objects', 'government'] as const;
export type PanoramaTab = (typeof PANORAMA_TABS)[number];

/** The record list each tab shows; the government tab switches between service points and cases. */
export const TAB_SETS: Record<PanoramaTab, readonly RecordSet[]> = { people: [], enterprises: ['enterprises'], land: ['parcels'], objects: ['components'], government: ['cases', 'services'] };

/** Every cell's figures, by column name, with the per-cell ratios the choropleth shows. */
export interface PanoramaData {
  header: PanoramaHeader;
  columns: Map<string, Float64Array>;
  /** Floor area over parcel area, per cell. */
  plotRatio: Float64Array;
}

/** A case that arrived live, in the cell the analysis engine put it in. */
export interface LiveCase extends Case {
  cell: number;
}

export interface CellRecordList {
  cell: number;
  set: RecordSet;
  state: 'loading' | 'ready' | 'error';
  records: RecordOf[RecordSet][];
  error?: string;
}

export interface PanoramaSlice {
  panorama: PanoramaData | null;
  panoramaError: string | null;
  /** The grid cell whose panoramas are open, set from the grid's selection. */
  panoramaCell: number | null;
  panoramaTab: PanoramaTab;
  /** Which of the tab's record sets the list shows (the government tab has two). */
  panoramaListSet: RecordSet;
  panoramaQuery: string;
  panoramaPage: number;
  cellRecords: CellRecordList | null;
  /** Rows refused by their schema while reading records, and the first reason. */
  panoramaRefused: { count: number; first: string | null };
  /** The set the record layer draws when the camera is close, and its points. */
  panoramaPointSet: RecordSet;
  panoramaPoints: PanoramaPoints | null;
  liveCases: LiveCase[];
  /** Live cases refused because they lie outside the grid, and the last one's id. */
  liveCasesOutside: { count: number; last: string | null };
  enterpriseQuery: string;
  enterpriseSearch: EnterpriseSearchState;
  /** The enterprise last flown to from the search: its point is highlighted. */
  panoramaFocus: string | null;
  setEnterpriseQuery: (q: string) => void;
  setEnterpriseSearch: (state: EnterpriseSearchState) => void;
  /** Opens a found enterprise: its cell's enterprise list, filtered to it, its point highlighted. */
  focusEnterprise: (hit: EnterpriseHit) => void;
  setPanorama: (loaded: PanoramaLoaded) => void;
  setPanoramaError: (error: string) => void;
  setPanoramaCell: (cell: number | null) => void;
  setPanoramaTab: (tab: PanoramaTab) => void;
  setPanoramaListSet: (set: RecordSet) => void;
  setPanoramaQuery: (query: string) => void;
  setPanoramaPage: (page: number) => void;
  setCellRecords: (list: CellRecordList | null) => void;
  setPanoramaRefused: (count: number, first: string | null) => void;
  setPanoramaPoints: (points: PanoramaPoints | null) => void;
  setPanoramaPointSet: (set: RecordSet) => void;
  addLiveCases: (cases: LiveCase[], outside: string[]) => void;
}

/** Live cases kept on the page: the newest; older ones are in the case files. */
export const MAX_LIVE_CASES = 5_000;

function toData({ header, columns }: PanoramaLoaded): PanoramaData {
  const byName = new Map(header.columns.map((name, i) => [name, columns[i]!]));
  const plotRatio = new Float64Array(header.cellCount);
  // Only the parcels' columns go into each cell's ratio: read them out once, not per cell.
  const parcelColumns = [...byName].filter(([name]) => name.startsWith('parcels.'));
  const f: Record<string, number> = {};
  for (let c = 0; c < header.cellCount; c++) {
    for (const [name, col] of parcelColumns) f[name] = col[c]!;
    plotRatio[c] = landRatios(f).plotRatio;
  }
  return { header, columns: byName, plotRatio };
}

export const slice: AppSlice<PanoramaSlice> = (set) => ({
  panorama: null,
  panoramaError: null,
  panoramaCell: null,
  panoramaTab: 'people',
  panoramaListSet: 'enterprises',
  panoramaQuery: '',
  panoramaPage: 0,
  cellRecords: null,
  panoramaRefused: { count: 0, first: null },
  panoramaPointSet: 'enterprises',
  panoramaPoints: null,
  liveCases: [],
  liveCasesOutside: { count: 0, last: null },
  enterpriseQuery: '',
  enterpriseSearch: { phase: 'idle' },
  panoramaFocus: null,
  setEnterpriseQuery: (enterpriseQuery) => set({ enterpriseQuery }),
  setEnterpriseSearch: (enterpriseSearch) => set({ enterpriseSearch }),
  focusEnterprise: (hit) => set({ panoramaCell: hit.cell, panoramaTab: 'enterprises', panoramaListSet: 'enterprises', panoramaPointSet: 'enterprises', panoramaQuery: hit.code, panoramaPage: 0, cellRecords: null, panoramaFocus: hit.code }),
  setPanorama: (loaded) => set({ panorama: toData(loaded), panoramaError: null }),
  setPanoramaError: (panoramaError) => set({ panoramaError }),
  setPanoramaCell: (panoramaCell) => set({ panoramaCell, panoramaQuery: '', panoramaPage: 0, cellRecords: null }),
  // The map's records follow the list being looked at.
  setPanoramaTab: (panoramaTab) => set((s) => ({ panoramaTab, panoramaListSet: TAB_SETS[panoramaTab][0] ?? s.panoramaListSet, panoramaPointSet: TAB_SETS[panoramaTab][0] ?? s.panoramaPointSet, panoramaQuery: '', panoramaPage: 0 })),
  setPanoramaListSet: (panoramaListSet) => set({ panoramaListSet, panoramaPointSet: panoramaListSet, panoramaQuery: '', panoramaPage: 0 }),
  setPanoramaPointSet: (panoramaPointSet) => set({ panoramaPointSet }),
  setPanoramaQuery: (panoramaQuery) => set({ panoramaQuery, panoramaPage: 0 }),
  setPanoramaPage: (panoramaPage) => set({ panoramaPage }),
  setCellRecords: (cellRecords) => set({ cellRecords }),
  setPanoramaRefused: (count, first) => set({ panoramaRefused: { count, first } }),
  setPanoramaPoints: (panoramaPoints) => set({ panoramaPoints }),
  addLiveCases: (cases, outside) =>
    set((s) => {
      const byId = new Map(cases.map((c) => [c.id, c]));
      const known = new Set(s.liveCases.map((c) => c.id));
      const fresh = cases.filter((c) => !known.has(c.id)).toReversed();
      // A case that changes status arrives again under its id: the newest version replaces it.
      const updated = s.liveCases.map((c) => byId.get(c.id) ?? c);
      const liveCasesOutside = outside.length > 0 ? { count: s.liveCasesOutside.count + outside.length, last: outside[outside.length - 1]! } : s.liveCasesOutside;
      return { liveCases: [...fresh, ...updated].slice(0, MAX_LIVE_CASES), liveCasesOutside };
    }),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    panorama: PanoramaSlice;
  }
}
