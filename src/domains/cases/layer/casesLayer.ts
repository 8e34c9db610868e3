import { Cartesian3, Color, NearFarScalar, PointPrimitiveCollection, type PointPrimitive, type PrimitiveCollection, type Scene } from 'cesium';
import { isOverdue, type LoopCase } from '../caseMap.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { caseLook } from './caseColors.ts';

export interface CasesLayerProps {
  visible: boolean;
  /** The live loop cases by id (the store's map: a new one only when a case changed). */
  cases: ReadonlyMap<string, LoopCase>;
  /** The case tapped on the map, or else the one opened on the desk. */
  selected: string | null;
}

/** Points stand at street level, drawn over the grid and the district fill, never hidden by a building. */
const POINT_M = 8;
/** How often overdue is looked at again: a deadline passes with no message from the broker. */
const OVERDUE_EVERY_MS = 60_000;

/** A drawn case: its point, the message it was drawn from, and whether it was drawn overdue. */
interface Drawn {
  point: PointPrimitive;
  c: LoopCase;
  overdue: boolean;
}

/**
 * The live loop cases: one point collection, each case's point added once and then restyled or
 * moved in place when its message changes (the store hands over at most one new map a frame),
 * removed when the broker clears it. Once a minute the dispatched cases are checked against
 * their deadlines, and only those that just ran out are repainted.
 */
export function createCasesLayer(scene: Scene, root: PrimitiveCollection, layerId: string): SceneLayer<CasesLayerProps> {
  const points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const drawn = new Map<string, Drawn>();
  const colours = new Map<string, Color>();
  const colour = (css: string, alpha = 1): Color => {
    const key = `${css}/${alpha}`;
    let c = colours.get(key);
    if (!c) colours.set(key, (c = Color.fromCssColorString(css).withAlpha(alpha)));
    return c;
  };
  const scaling = new NearFarScalar(1_500, 1.3, 60_000, 0.6);
  let selected: string | null = null;

  const style = (d: Drawn, now: number): void => {
    const look = caseLook(d.c, now, d.c.id === selected);
    d.overdue = isOverdue(d.c, now);
    d.point.color = colour(look.fill, look.alpha);
    d.point.outlineColor = colour(look.rim, look.alpha);
    d.point.outlineWidth = look.rimWidth;
    d.point.pixelSize = look.size;
  };

  const draw = (cases: ReadonlyMap<string, LoopCase>): void => {
    const now = Date.now();
    for (const [id, c] of cases) {
      const d = drawn.get(id);
      if (d?.c === c) continue;
      const position = Cartesian3.fromDegrees(c.lon, c.lat, POINT_M);
      if (!d) {
        const point = points.add({ position, id: { layerId, featureId: id }, scaleByDistance: scaling, disableDepthTestDistance: Number.POSITIVE_INFINITY });
        const added: Drawn = { point, c, overdue: false };
        drawn.set(id, added);
        style(added, now);
        continue;
      }
      if (c.lon !== d.c.lon || c.lat !== d.c.lat) d.point.position = position;
      d.c = c;
      style(d, now);
    }
    for (const [id, d] of drawn) {
      if (cases.has(id)) continue;
      points.remove(d.point);
      drawn.delete(id);
    }
  };

  const select = (id: string | null): void => {
    const before = selected;
    selected = id;
    const now = Date.now();
    for (const key of [before, id]) {
      const d = key === null ? undefined : drawn.get(key);
      if (d) style(d, now);
    }
  };

  const recheck = setInterval(() => {
    const now = Date.now();
    let changed = false;
    for (const d of drawn.values()) {
      if (isOverdue(d.c, now) === d.overdue) continue;
      style(d, now);
      changed = true;
    }
    if (changed) scene.requestRender();
  }, OVERDUE_EVERY_MS);

  return {
    update(props, old) {
      root.show = props.visible;
      if (props.cases !== old?.cases) draw(props.cases);
      if (props.selected !== selected) select(props.selected);
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && typeof id.featureId === 'string' ? { featureId: id.featureId } : undefined;
    },
    ...lifecycle(scene, root, () => clearInterval(recheck)),
  };
}
