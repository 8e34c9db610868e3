/**
 * Building colours, legends and filters as pure data, turned into a Cesium3DTileStyle JSON by
 * `buildingStyleJson`. The legend panel reads the same bins, so the two can never disagree.
 */
import { BUILDING_USES, type BuildingUse } from '../analysis/buildingUses.ts';
import type { Look } from './look.ts';

export type ColorBy = 'height' | 'use' | 'year';

export interface BuildingStyleState {
  colorBy: ColorBy;
  /** Inclusive height filter, metres. */
  minHeight: number;
  maxHeight: number;
  uses: readonly BuildingUse[];
}

export const DEFAULT_BUILDING_STYLE: BuildingStyleState = { colorBy: 'height', minHeight: 0, maxHeight: 700, uses: BUILDING_USES };

export interface LegendBin {
  /** Message key of the label, or a literal range. */
  label: string;
  color: string;
  /** Style expression that selects this bin. */
  test: string;
}

/**
 * Height classes per look: warm to cool by day, where the colours are read as a map's; on the dark
 * look a ramp of blues to white, so the skyline rises out of the night (the building shader darkens
 * each facade towards its foot on top of it).
 */
const HEIGHT_BINS: Record<Look, [number, string][]> = {
  day: [
    [300, '#ff4d4f'],
    [150, '#ff9f43'],
    [80, '#ffd166'],
    [40, '#6ee7b7'],
    [15, '#60a5fa'],
    [0, '#a5b4c8'],
  ],
  dark: [
    [300, '#f2fcff'],
    [150, '#8eeaff'],
    [80, '#45c4ff'],
    [40, '#2f8fe8'],
    [15, '#2a66c8'],
    [0, '#27468a'],
  ],
};

const YEAR_BINS: [number, string][] = [
  [2015, '#f472b6'],
  [2005, '#c084fc'],
  [1995, '#818cf8'],
  [1980, '#38bdf8'],
  [1, '#94a3b8'],
];

export const USE_COLORS: Record<BuildingUse, string> = {
  residential: '#f6c177',
  office: '#60a5fa',
  commercial: '#f472b6',
  industrial: '#a78bfa',
  public: '#34d399',
  education: '#2dd4bf',
  transport: '#fbbf24',
  other: '#cbd5e1',
};

export function legendBins(colorBy: ColorBy, look: Look): LegendBin[] {
  switch (colorBy) {
    case 'height':
      return HEIGHT_BINS[look].map(([min, color], i, bins) => ({
        label: i === 0 ? `≥ ${min} m` : `${min}–${bins[i - 1]![0]} m`,
        color,
        test: `\${height} >= ${min}`,
      }));
    case 'year':
      return [
        ...YEAR_BINS.map(([min, color], i) => ({ label: i === 0 ? `≥ ${min}` : i === YEAR_BINS.length - 1 ? `< ${YEAR_BINS[i - 1]![0]}` : `${min}–${YEAR_BINS[i - 1]![0] - 1}`, color, test: `\${year} >= ${min}` })),
        { label: 'unknown', color: '#475569', test: 'true' },
      ];
    case 'use':
      return BUILDING_USES.map((use) => ({ label: use, color: USE_COLORS[use], test: `\${use} === '${use}'` }));
  }
}

export const SELECTED_COLOR = '#fff200';
/** Buildings standing in flood water. */
export const FLOODED_BUILDING_COLOR = '#1d4ed8';
/** Buildings over the planner's height limit. */
export const OVER_LIMIT_COLOR = '#ff2d55';

/** Escapes a value for a single-quoted string literal in a 3D Tiles style expression. */
function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface StyleJson {
  color: { conditions: [string, string][] };
  show: string;
}

export function buildingStyleJson(style: BuildingStyleState, selectedId: string | null, look: Look): StyleJson {
  const conditions: [string, string][] = [];
  if (selectedId !== null) conditions.push([`\${id} === ${quote(selectedId)}`, `color('${SELECTED_COLOR}')`]);
  for (const bin of legendBins(style.colorBy, look)) conditions.push([bin.test, `color('${bin.color}')`]);
  conditions.push(['true', "color('#cbd5e1')"]);
  const showParts = [`\${height} >= ${style.minHeight}`, `\${height} <= ${style.maxHeight}`];
  if (style.uses.length < BUILDING_USES.length) {
    showParts.push(style.uses.length === 0 ? 'false' : `(${style.uses.map((u) => `\${use} === ${quote(u)}`).join(' || ')})`);
  }
  return { color: { conditions }, show: showParts.join(' && ') };
}

/** The planner's proposed buildings. */
export const PROPOSED_COLOR = '#22d3ee';
