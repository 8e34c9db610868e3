/** Flood facility symbols: open shelters, shelters reached by the water, pumping stations. */
export const FACILITY_COLORS = { shelter: '#22c55e', closed: '#ef4444', pump: '#c084fc' } as const;
