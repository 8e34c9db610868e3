/** Building uses, in the order of the `use` enum in the tiles' metadata (scripts/tiles). */
export const BUILDING_USES = ['residential', 'office', 'commercial', 'industrial', 'public', 'education', 'transport', 'other'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];
