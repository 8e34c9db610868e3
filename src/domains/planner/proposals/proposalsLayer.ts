import { Axis, Cartesian3, Color, Model, PrimitiveCollection, ShadowMode, SplitDirection, Transforms, Math as CesiumMath, HeadingPitchRoll, type Scene } from 'cesium';
import type { ProposedBuilding } from '../proposed.ts';
import { LocalFrame } from '../prisms.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { extrusionGlb } from './extrusionGlb.ts';
import { PROPOSED_COLOR } from '../../../legend/buildingStyle.ts';
import { PERF_MARKS } from '../../../perf/marks.ts';

export interface ProposalsLayerProps {
  proposed: readonly ProposedBuilding[];
  /** Model files by proposal id; a model whose file is not in this page draws as its box. */
  models: Readonly<Record<string, Uint8Array>>;
  /** In the compare view the proposals stand on the right-hand side only. */
  compare: boolean;
}

type ModelOptions = Omit<Parameters<typeof Model.fromGltfAsync>[0], 'url'>;

/**
 * A model from GLB bytes in memory. `gltf` (bytes or JSON) is what Cesium's tilesets hand it,
 * left out of the public typings; a URL would need a blob: source that the CSP does not allow.
 */
function modelFromBytes(bytes: Uint8Array, options: ModelOptions): Promise<Model> {
  // glTF's y-up turned to z-up and nothing more: x east, −z north, as glbBox reads a model's box.
  // (Cesium's default for a lone glTF also turns its +z to face east.)
  return Model.fromGltfAsync({ ...options, forwardAxis: Axis.X, gltf: bytes } as unknown as Parameters<typeof Model.fromGltfAsync>[0]);
}

const rgba = (): [number, number, number, number] => {
  const c = Color.fromCssColorString(PROPOSED_COLOR);
  return [c.red, c.green, c.blue, 0.92];
};

/**
 * The planner's proposed buildings: every extruded footprint (and every model whose file is not
 * in this page, as its box) in one generated glTF model, rebuilt when the proposals change, and
 * each imported model as a model of its own. Models cast and take shadows, and take the compare
 * view's split side.
 */
export function createProposalsLayer(scene: Scene): SceneLayer<ProposalsLayerProps> {
  const root = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  let generation = 0;
  let models: Model[] = [];

  const rebuild = async (props: ProposalsLayerProps): Promise<void> => {
    const mine = ++generation;
    for (const m of models) root.remove(m);
    models = [];
    const split = props.compare ? SplitDirection.RIGHT : SplitDirection.NONE;
    const boxes = props.proposed.filter((p) => !p.model || !props.models[p.id]);
    const made: Promise<Model>[] = [];
    if (boxes.length > 0) {
      const origin = boxes[0]!.footprint[0]!;
      const frame = new LocalFrame(origin[0], origin[1]);
      const glb = extrusionGlb(
        boxes.map((p) => ({ ring: p.footprint.map(([lon, lat]) => [frame.x(lon), frame.y(lat)] as [number, number]), height: p.height })),
        rgba(),
      );
      made.push(modelFromBytes(glb, { modelMatrix: Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(origin[0], origin[1], 0)), shadows: ShadowMode.ENABLED, splitDirection: split }));
    }
    for (const p of props.proposed) {
      const bytes = p.model ? props.models[p.id] : undefined;
      if (!p.model || !bytes) continue;
      const at = Cartesian3.fromDegrees(p.model.lon, p.model.lat, 0);
      // Cesium's heading turns clockwise from east's axis, as the planner's does from north.
      const matrix = Transforms.headingPitchRollToFixedFrame(at, new HeadingPitchRoll(CesiumMath.toRadians(p.model.heading), 0, 0));
      made.push(modelFromBytes(bytes, { modelMatrix: matrix, scale: p.model.scale, shadows: ShadowMode.ENABLED, splitDirection: split }));
    }
    const loaded = await Promise.all(made);
    if (mine !== generation || root.isDestroyed()) {
      for (const m of loaded) m.destroy();
      return;
    }
    models = loaded.map((m) => root.add(m) as Model);
    performance.mark(PERF_MARKS.proposalsDrawn, { detail: models.length });
    scene.requestRender();
  };

  return {
    update(props, old) {
      if (props.proposed === old?.proposed && props.models === old.models && props.compare === old.compare) return;
      rebuild(props).catch((e: unknown) => console.error('proposed buildings:', e));
    },
    pick(): PickResult | undefined {
      return undefined;
    },
    ...lifecycle(scene, root),
  };
}
