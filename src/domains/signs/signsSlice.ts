import type { CellFeed, Refusal } from './catalogue.ts';
import type { SignTable } from './signTable.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';

/**
 * The city's vital signs: the table the live feed fills (its values change outside React), the
 * catalogue entries it refused, and the theme on show. Choosing a theme applies its preset
 * (src/domains/signs/signThemes.ts); `themeSeq` tells a choice from a theme read back from a link.
 */
/** A district as the wall's filter lists it. */
export interface SignDistrict {
  adcode: string;
  name: { zh: string; en: string };
}

/** The tapped grid cell's own figures (the cell-level indicators). */
export interface CellSigns {
  cell: string;
  values: Record<CellFeed, number>;
}

export interface SignsSlice {
  signs: SignTable | null;
  signDistricts: SignDistrict[];
  /** The drill-down: the district tapped (or that of the tapped cell); every chart filters to it. */
  signDistrict: string | null;
  cellSigns: CellSigns | null;
  signRefusals: Refusal[];
  signsError: string | null;
  theme: string | null;
  themeSeq: number;
  setSigns: (signs: SignTable, refused: Refusal[]) => void;
  setSignDistricts: (districts: SignDistrict[]) => void;
  setDrillDown: (district: string | null, cell: CellSigns | null) => void;
  setSignsError: (message: string) => void;
  /** A tap on a theme: its layers, grid statistic, camera and key figures. */
  chooseTheme: (theme: string) => void;
  /** The theme of a shared link, shown as it was left (its camera and layers are in the link). */
  setTheme: (theme: string | null) => void;
}

export const slice: AppSlice<SignsSlice> = (set) => ({
  signs: null,
  signDistricts: [],
  signDistrict: null,
  cellSigns: null,
  signRefusals: [],
  signsError: null,
  theme: null,
  themeSeq: 0,
  setSigns: (signs, signRefusals) => set({ signs, signRefusals, signsError: null }),
  setSignsError: (signsError) => set({ signsError }),
  setSignDistricts: (signDistricts) => set({ signDistricts }),
  setDrillDown: (signDistrict, cellSigns) => set({ signDistrict, cellSigns }),
  chooseTheme: (theme) => set((s) => ({ theme, themeSeq: s.themeSeq + 1 })),
  setTheme: (theme) => set({ theme }),
});

declare module '../../state/store.ts' {
  interface DomainSlices {
    signs: SignsSlice;
  }
}
