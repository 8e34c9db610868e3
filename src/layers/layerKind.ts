/**
 * What a layer kind is: one folder under src/layers exporting one descriptor, registered once in
 * src/registry. The descriptor carries the kind's part of the city config, how its data loads,
 * how it is created in the scene, which props it selects from the state, and its info rows,
 * controls and legend. Nothing outside the folder names the kind.
 */
import type { Cartesian2, PrimitiveCollection, Scene } from 'cesium';
import type { ComponentType } from 'react';
import type { z } from 'zod';
import type { LayerConfig } from '../config/citySchema.ts';
import type { Bounds } from '../sources/decodeFeatures.ts';
import type { LayerData, LayerLoad } from '../sources/layerLoad.ts';
import type { Lang, MessageKey } from '../i18n/messages.ts';
import type { AppState, Selection } from '../state/store.ts';
import type { SensorFeed } from '../live/liveProtocol.ts';

export interface PickResult {
  featureId: string;
  /** Attributes read off the picked object, for layers whose data lives only in the scene. */
  properties?: Record<string, string | number>;
  /** Instead of a selection: an area to zoom to (a tap on a cluster). */
  zoomTo?: { west: number; south: number; east: number; north: number };
}

/**
 * A layer in the scene, in the manner of deck.gl and CesiumJS: created with its data, told its
 * props and the props it had before (null the first time), so it reacts to what changed; it
 * answers picks and releases its GPU resources on destroy.
 */
export interface SceneLayer<P> {
  update(props: P, oldProps: P | null): void;
  /** This layer's feature behind a `scene.pick` result at window position `at`, or undefined if it is not ours. */
  pick(picked: unknown, at: Cartesian2): PickResult | undefined;
  destroy(): void;
  isDestroyed(): boolean;
}

/**
 * A layer of the app itself (the planner's shapes, proposals and analyses), not of the city's
 * config: one folder under src/layers, registered once in src/registry, always in the scene and
 * fed from the store.
 */
export interface AppLayer<P> {
  id: string;
  create(scene: Scene): SceneLayer<P>;
  props(state: AppState): P;
  /** What a tap on one of its features does, instead of selecting it. */
  onPick?(hit: PickResult, state: AppState): void;
}

/** Where the live feed comes from: the city's broker, or the deployment's override. */
export interface LiveSource {
  mqttUrl: string;
  topicPrefix: string;
  sensorFeed?: SensorFeed;
  sensorConnections?: number;
  username?: string;
  password?: string;
}

export interface LoadContext {
  /** Absolute URL of the layer's data (its `url`, resolved against city.json). */
  url: string;
  cityBase: string;
  bounds: Bounds;
  live: LiveSource;
}

export interface CreateContext {
  scene: Scene;
  /** This layer's own slot in the scene, made in config order. */
  root: PrimitiveCollection;
  layerId: string;
  reports: LayerReports;
}

export interface InfoProps<D> {
  selection: Selection;
  data: D;
  /** Wall-clock time, ticking once a second for kinds that ask for it (live readings). */
  now: number;
  t: (key: MessageKey) => string;
  lang: Lang;
}

/** What the scene host knows across kinds, for props that depend on other layers. */
export interface HostContext {
  /** A layer of a kind that paints the ground (`coversGround`) is shown. */
  groundCovered: boolean;
}

/** The host's callbacks for a layer that reports on itself after it was created. */
export interface LayerReports {
  /** Requests still streaming (3D Tiles); 0 when the view is complete. */
  pending(count: number): void;
  error(message: string): void;
}

export type ConfigOf<K extends LayerConfig['kind']> = Extract<LayerConfig, { kind: K }>;
export type DataOf<K extends LayerData['kind']> = Extract<LayerData, { kind: K }>;

export interface LayerKind<K extends LayerConfig['kind'] & LayerData['kind'], P> {
  kind: K;
  /** This kind's entry in city.json's `layers`: the base layer schema extended with its `kind` literal. */
  config: z.ZodObject;
  /** Fetches and decodes the data. Never throws: a failure is an `error` load that the layer panel shows. */
  load(config: ConfigOf<K>, ctx: LoadContext): Promise<LayerLoad>;
  create(ctx: CreateContext, data: DataOf<K>, config: ConfigOf<K>): SceneLayer<P>;
  /** The props the layer is given; the scene updates it when any of them changes (compared with ===). */
  props(state: AppState, layerId: string, data: DataOf<K>, host: HostContext, config: ConfigOf<K>): P;
  /** Paints the ground with its own colours: basemap fills step back while it is shown. */
  coversGround?: boolean;
  /** The info panel's content for a selected feature of this kind; it may use hooks. */
  Info?: ComponentType<InfoProps<DataOf<K>>>;
  /** Whether the info panel's clock should tick while one of this kind's features is selected. */
  liveInfo?: boolean;
  /** Controls and legend shown under the layer's toggle while it is visible. */
  Controls?: ComponentType<{ layerId: string }>;
  /** Still working after its data loaded (tiles streaming): the layer panel shows a spinner. */
  busy?(state: AppState): boolean;
}
