/** Muck-truck symbols and outlines: trucks, trucks in breach, sites, the route and the evidence of a violation, and the zones by kind. */
export const TRUCK_COLORS = { truck: '#fbbf24', breaching: '#ef4444', construction: '#f97316', disposal: '#22c55e', route: '#38bdf8', evidence: '#f43f5e', replay: '#e2e8f0' } as const;
export const ZONE_COLORS = { central: '#facc15', school: '#a78bfa', embankment: '#22d3ee' } as const;
