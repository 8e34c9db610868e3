/**
 * Colours of panorama records by class: a categorical palette for industries, land uses,
 * component and service types, and the case statuses (open in the alarm colour).
 */
export const CATEGORY_PALETTE = ['#4fc3f7', '#ffd23f', '#81c784', '#ff8a65', '#ba68c8', '#4db6ac', '#f06292', '#aed581', '#ffb74d', '#7986cb', '#e57373', '#90a4ae', '#dce775', '#64b5f6', '#a1887f', '#9575cd', '#4dd0e1', '#fff176', '#f48fb1', '#c5e1a5'];

/** GB 50137's conventional map colours, by land-use code: housing yellow, commerce red, industry brown, green green. */
export const LAND_USE_COLORS: Record<string, string> = { R: '#f7d154', A: '#e88fb4', B: '#e8514a', M: '#a8753d', W: '#a58ac7', S: '#9e9e9e', U: '#4a90c8', G: '#5bbf5b' };

export const CASE_STATUS_COLORS: Record<string, string> = { open: '#e53935', closed: '#78909c' };

/** The colour of class `index` (of `code`) in a set's class list. */
export function recordColor(set: string, code: string, index: number): string {
  if (set === 'parcels') return LAND_USE_COLORS[code] ?? '#9e9e9e';
  if (set === 'cases') return CASE_STATUS_COLORS[code] ?? '#9e9e9e';
  return CATEGORY_PALETTE[index % CATEGORY_PALETTE.length]!;
}
