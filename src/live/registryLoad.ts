import { registrySchema, toRegistry, type RegistryDocument, type SensorRegistry } from './contract.ts';
import type { RegistryColumns } from './liveProtocol.ts';

/**
 * The sensor registry as the live worker loads it: validated feature by feature, so that one
 * broken sensor is skipped and reported (with up to five examples), never fatal.
 */
export async function loadRegistry(url: string): Promise<{ registry: SensorRegistry; columns: RegistryColumns }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const json: unknown = await res.json();
  const features = typeof json === 'object' && json !== null && Array.isArray((json as { features?: unknown }).features) ? (json as { features: unknown[] }).features : null;
  if (!features) throw new Error(`${url}: not a GeoJSON FeatureCollection`);
  const good: RegistryDocument['features'] = [];
  const examples: string[] = [];
  const seen = new Set<string>();
  for (const [i, f] of features.entries()) {
    const parsed = registrySchema.shape.features.element.safeParse(f);
    if (parsed.success && !seen.has(parsed.data.properties.id)) {
      seen.add(parsed.data.properties.id);
      good.push(parsed.data);
    } else if (examples.length < 5) {
      examples.push(`#${i}: ${parsed.success ? `duplicate id ${parsed.data.properties.id}` : parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    }
  }
  const registry = toRegistry({ type: 'FeatureCollection', features: good });
  return { registry, columns: { ids: registry.ids, kinds: registry.kinds, props: registry.props, positions: registry.positions, rejected: features.length - good.length, examples } };
}
