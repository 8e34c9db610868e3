import type { PickResult } from './layerKind.ts';

/** The id given to each geometry instance of a batched primitive, so a pick leads to its feature. */
export interface InstanceId {
  layerId: string;
  featureId: string;
}

/** This layer's feature behind a `scene.pick` result on one of its instances, if any. */
export function pickInstance(picked: unknown, layerId: string): PickResult | undefined {
  const id = (picked as { id?: unknown } | undefined)?.id as Partial<InstanceId> | undefined;
  return id && id.layerId === layerId && typeof id.featureId === 'string' ? { featureId: id.featureId } : undefined;
}
