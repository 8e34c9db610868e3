/**
 * Colours of the planner's analyses, shared by the scene and the legends: sunlight hours against
 * the required hours, and what the eye sees.
 */
export const SUN_BELOW = '#ef4444';
/** Within an hour over the requirement: passes, with little to spare. */
export const SUN_MARGINAL = '#facc15';
export const SUN_OK = '#22c55e';

export function sunColor(hours: number, required: number): string {
  return hours < required ? SUN_BELOW : hours < required + 1 ? SUN_MARGINAL : SUN_OK;
}

export const VIEW_VISIBLE_COLOR = '#22c55e';
export const VIEW_HIDDEN_COLOR = '#ef4444';
export const SIGHT_CLEAR = '#22c55e';
export const SIGHT_BLOCKED = '#ef4444';
export const SKYLINE_COLOR = '#f0abfc';
