import type { CityConfig, CitySchema } from './citySchema.ts';
import type { ConfigProblem } from './formatIssues.ts';
import { toProblems } from './formatIssues.ts';
import type { RuntimeConfig } from './runtimeSchema.ts';
import { mergeRuntime } from './runtimeSchema.ts';

export type ConfigResult =
  | { ok: true; city: CityConfig; cityBase: string; runtime: RuntimeConfig; refusedBroker?: string }
  | { ok: false; file: string; problems: ConfigProblem[]; lang?: RuntimeConfig['lang'] };

/** `optional`: a missing file (404) is an empty document, not an error. */
async function fetchJson(url: string, optional: boolean): Promise<{ ok: true; json: unknown } | { ok: false; message: string }> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-cache' });
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (optional && res.status === 404) return { ok: true, json: {} };
  if (!res.ok) return { ok: false, message: `HTTP ${res.status}` };
  try {
    return { ok: true, json: JSON.parse(await res.text()) };
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Loads /runtime-config.json and the city's city.json, and validates both once, here. The city
 * schema comes from the layer registry, which knows every layer kind's part of it.
 */
export async function loadConfig(location: Location, citySchema: CitySchema): Promise<ConfigResult> {
  const runtimeFile = 'runtime-config.json';
  // The error page speaks the link's ?lang= even when the config it would otherwise come from is broken.
  const asked = new URLSearchParams(location.search).get('lang');
  const lang = asked === 'en' || asked === 'zh-CN' ? asked : undefined;
  const runtimeJson = await fetchJson(new URL(runtimeFile, location.href).href, true);
  if (!runtimeJson.ok) return { ok: false, file: runtimeFile, problems: [{ field: '', message: runtimeJson.message }], lang };
  const runtime = mergeRuntime(runtimeJson.json, new URLSearchParams(location.search));
  if (!runtime.success) return { ok: false, file: `${runtimeFile} / URL`, problems: toProblems(runtime.error), lang };

  const cityFile = `cities/${runtime.data.city}/city.json`;
  const cityUrl = new URL(cityFile, location.href).href;
  const cityJson = await fetchJson(cityUrl, false);
  if (!cityJson.ok) return { ok: false, file: cityFile, problems: [{ field: '', message: cityJson.message }], lang: runtime.data.lang };
  const city = citySchema.safeParse(cityJson.json);
  if (!city.success) return { ok: false, file: cityFile, problems: toProblems(city.error), lang: runtime.data.lang };
  return { ok: true, city: city.data, cityBase: cityUrl, runtime: runtime.data, refusedBroker: runtime.refusedBroker };
}
