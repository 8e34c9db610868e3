import {
  Cartesian3,
  Color,
  EllipsoidSurfaceAppearance,
  GeometryInstance,
  Material,
  Math as CesiumMath,
  PointPrimitiveCollection,
  PolylineCollection,
  Primitive,
  PrimitiveCollection,
  Rectangle,
  RectangleGeometry,
  type Scene,
} from 'cesium';
import type { PlannerJobResult } from '../plannerJobs.ts';
import { VIEW_HIDDEN, VIEW_VISIBLE, type Viewshed } from '../sightlines.ts';
import { SIGHT_BLOCKED, SIGHT_CLEAR, SKYLINE_COLOR, sunColor, VIEW_HIDDEN_COLOR, VIEW_VISIBLE_COLOR } from '../analysisColors.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';

export interface AnalysesLayerProps {
  answer: PlannerJobResult | null;
}

/** The viewshed lies just over the basemap: the districts are drawn at 10 m and the river at 20 m. */
const SURFACE_HEIGHT_M = 21;
const VIEWSHED_ALPHA = 150;

function viewshedCanvas(v: Viewshed): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = v.width;
  canvas.height = v.height;
  const g = canvas.getContext('2d')!;
  const image = g.createImageData(v.width, v.height);
  const visible = Color.fromCssColorString(VIEW_VISIBLE_COLOR);
  const hidden = Color.fromCssColorString(VIEW_HIDDEN_COLOR);
  for (let i = 0; i < v.cells.length; i++) {
    const c = v.cells[i] === VIEW_VISIBLE ? visible : v.cells[i] === VIEW_HIDDEN ? hidden : null;
    if (!c) continue;
    image.data[4 * i] = c.red * 255;
    image.data[4 * i + 1] = c.green * 255;
    image.data[4 * i + 2] = c.blue * 255;
    image.data[4 * i + 3] = VIEWSHED_ALPHA;
  }
  g.putImageData(image, 0, 0);
  return canvas;
}

/**
 * What the planner's last analysis found, drawn in the scene: the sunlight sample points coloured
 * by hours, the line of sight clear and blocked, the viewshed as one image over the ground, the
 * skyline as a line through the roofs that make it. One collection of each kind, refilled when
 * the answer changes.
 */
export function createAnalysesLayer(scene: Scene): SceneLayer<AnalysesLayerProps> {
  const root = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const points = root.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const lines = root.add(new PolylineCollection()) as PolylineCollection;
  let surface: Primitive | null = null;

  const clear = (): void => {
    points.removeAll();
    lines.removeAll();
    if (surface) root.remove(surface);
    surface = null;
  };
  const line = (positions: Cartesian3[], css: string, width = 4): void => {
    lines.add({ positions, width, material: Material.fromType('Color', { color: Color.fromCssColorString(css) }) });
  };

  const draw = (answer: PlannerJobResult): void => {
    switch (answer.kind) {
      case 'sunBuilding': {
        const r = answer.result;
        for (let i = 0; i < r.hours.length; i++) {
          points.add({ position: Cartesian3.fromDegrees(r.lonLatZ[3 * i]!, r.lonLatZ[3 * i + 1]!, r.lonLatZ[3 * i + 2]!), pixelSize: 7, color: Color.fromCssColorString(sunColor(r.hours[i]!, r.required)) });
        }
        return;
      }
      case 'lineOfSight': {
        const r = answer.result;
        const from = Cartesian3.fromDegrees(r.from.lon, r.from.lat, r.from.height);
        const to = Cartesian3.fromDegrees(r.to.lon, r.to.lat, r.to.height);
        if (!r.obstruction) {
          line([from, to], SIGHT_CLEAR);
          return;
        }
        const o = r.obstruction;
        const at = Cartesian3.fromDegrees(o.lon, o.lat, o.height);
        line([from, at], SIGHT_CLEAR);
        line([at, to], SIGHT_BLOCKED);
        points.add({ position: at, pixelSize: 12, color: Color.fromCssColorString(SIGHT_BLOCKED), outlineColor: Color.WHITE, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY });
        return;
      }
      case 'viewshed': {
        const v = answer.result;
        const material = new Material({ translucent: true, fabric: { type: 'Image', uniforms: { image: viewshedCanvas(v) } } });
        surface = root.add(
          new Primitive({
            geometryInstances: new GeometryInstance({
              geometry: new RectangleGeometry({
                rectangle: Rectangle.fromDegrees(v.west, v.south, v.east, v.north),
                height: SURFACE_HEIGHT_M,
                granularity: CesiumMath.toRadians(0.005),
                vertexFormat: EllipsoidSurfaceAppearance.VERTEX_FORMAT,
              }),
            }),
            appearance: new EllipsoidSurfaceAppearance({ material, translucent: true, flat: true }),
            asynchronous: false,
          }),
        ) as Primitive;
        return;
      }
      case 'skyline': {
        const s = answer.result;
        const ring: Cartesian3[] = [];
        for (let k = 0; k < s.azimuth.length; k++) ring.push(Cartesian3.fromDegrees(s.points[3 * k]!, s.points[3 * k + 1]!, s.points[3 * k + 2]!));
        ring.push(ring[0]!);
        line(ring, SKYLINE_COLOR, 3);
        return;
      }
      case 'sunPoint':
      case 'sunImpact':
        // Figures in the panel; the impact's facades are listed there with their buildings.
        return;
    }
  };

  return {
    update(props, old) {
      if (props.answer === old?.answer) return;
      clear();
      if (props.answer) draw(props.answer);
      scene.requestRender();
    },
    pick(): PickResult | undefined {
      return undefined;
    },
    ...lifecycle(scene, root),
  };
}
