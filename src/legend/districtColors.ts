/**
 * Muted fills that tell neighbours apart on a dark scene without competing with data layers.
 * Keyed by adcode so a district keeps its colour whatever the feature order.
 */
export const DISTRICT_COLORS: Record<string, string> = {
  '440103': '#5b8def',
  '440104': '#e0a03a',
  '440105': '#46b39d',
  '440106': '#c86dd7',
  '440111': '#7fa65a',
  '440112': '#d06a5b',
  '440113': '#5aa6c8',
  '440114': '#b39a46',
  '440115': '#6f7fd8',
  '440117': '#4f9f6b',
  '440118': '#c48a6a',
};
