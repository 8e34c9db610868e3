import { SIGN_HISTORY_PATH, signHistoryAnswerSchema } from './historyContract.ts';

/** The operations service's recent history of one sign (GET /api/ops/signs/history, no login). */
export async function fetchSignHistory(id: string, district: string | null): Promise<[number, number][]> {
  const q = new URLSearchParams({ id, ...(district ? { district } : {}) });
  try {
    const res = await fetch(`${SIGN_HISTORY_PATH}?${q}`, { cache: 'no-store' });
    if (!res.ok) return [];
    const body = signHistoryAnswerSchema.safeParse(await res.json());
    // An answer not of the contract is no history: the page goes on with what it has heard.
    return body.success ? body.data.points.filter((p) => p.every(Number.isFinite)) : [];
  } catch {
    // No service (a static deployment): the page shows what it has heard since it opened.
    return [];
  }
}
