/** The operations service's recent history of one sign (GET /api/ops/signs/history, no login). */
export async function fetchSignHistory(id: string, district: string | null): Promise<[number, number][]> {
  const q = new URLSearchParams({ id, ...(district ? { district } : {}) });
  try {
    const res = await fetch(`/api/ops/signs/history?${q}`, { cache: 'no-store' });
    if (!res.ok) return [];
    const body = (await res.json()) as { points?: unknown };
    return Array.isArray(body.points) ? body.points.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)) : [];
  } catch {
    // No service (a static deployment): the page shows what it has heard since it opened.
    return [];
  }
}
