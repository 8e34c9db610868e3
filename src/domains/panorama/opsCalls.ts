/** The panoramas' call to the operations service's HTTP API (./apiContract.ts). */
import { OPS_API_PREFIX } from '../../live/opsApiContract.ts';
import { parseOpsAnswer } from '../../live/opsApi.ts';
import { PANORAMA_ROUTES, type EnterpriseSearchAnswer } from './apiContract.ts';

/** Enterprises by part of a name or the start of a credit code; public, so no login is sent. 503 while the service builds the register. */
export async function searchEnterprises(q: string): Promise<EnterpriseSearchAnswer> {
  const path = `enterprises?q=${encodeURIComponent(q)}`;
  const res = await fetch(`${OPS_API_PREFIX}${path}`, { cache: 'no-store' });
  if (res.status !== 200 && res.status !== 202 && res.status !== 503) throw new Error(`${OPS_API_PREFIX}${path}: HTTP ${res.status}`);
  return parseOpsAnswer(PANORAMA_ROUTES.enterprises, path, await res.json());
}
