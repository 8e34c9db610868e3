/**
 * The scene's look: `dark`, the operations screen's (a dark basemap, glowing borders, buildings
 * lit from within), or `day`, the planner's (a light basemap, true colours, the sun's shadows).
 */
export const LOOKS = ['dark', 'day'] as const;
export type Look = (typeof LOOKS)[number];
