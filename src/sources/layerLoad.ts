/** What loading a layer gives: its decoded data, what decoding kept and skipped, or an error. */

/**
 * Each layer kind adds the shape of its loaded data here, by declaration merging from its own
 * folder (src/layers/<kind>): the store and the controllers read typed data without importing any
 * layer. Every entry carries its `kind`.
 */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface LayerDataByKind {}
export type LayerData = LayerDataByKind[keyof LayerDataByKind];

/** What decoding a layer's data kept and skipped, by reason (each source has its own reasons). */
export interface LoadReport {
  accepted: number;
  repaired: number;
  rejected: Partial<Record<string, number>>;
  examples: string[];
}

export type LayerLoad =
  | { state: 'loading' }
  | { state: 'ready'; report: LoadReport; data: LayerData }
  | { state: 'error'; message: string };
