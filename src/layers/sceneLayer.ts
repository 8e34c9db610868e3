import type { Lang } from '../i18n/messages.ts';

/** What every layer is told about app state; it reacts to what changed and nothing else. */
export interface LayerView {
  visible: boolean;
  lang: Lang;
  /** The selected feature in this layer, if any. */
  selectedId: string | null;
}

/**
 * The contract between the app and a drawing layer (see ../shared/STYLE.md): a layer is created
 * with its data, updated from state, answers picks, and releases its GPU resources on destroy.
 */
export interface SceneLayer {
  update(view: LayerView): void;
  /** The id of this layer's feature behind a `scene.pick` result, or undefined if it is not ours. */
  pick(picked: unknown): string | undefined;
  destroy(): void;
}
