import { Cartesian2, Cartesian3, Color, DistanceDisplayCondition, HorizontalOrigin, LabelCollection, LabelStyle, Material, NearFarScalar, PolylineCollection, PrimitiveType, VerticalOrigin, type Label, type Polyline, type PrimitiveCollection, type Scene } from 'cesium';
import type { HexMesh } from '../hexMesh.ts';
import { VENUES, venueCentre, venueLevel } from '../venues.ts';
import { declutterOf, labelItem, scaleAt, textBox, type DeclutterItem } from '../../../layers/declutter.ts';
import { frameScheduler, GLYPH_FRAMES, hasNewGlyphs } from '../../../layers/frameScheduler.ts';
import { HEAT_ALPHA, HEAT_COLORS, heatClass } from '../crowdColors.ts';
import { pickText, type Lang } from '../../../i18n/messages.ts';
import type { PickResult, SceneLayer } from '../../../layers/layerKind.ts';
import { colourSheet, colourTable } from '../../../layers/colourSheet.ts';
import { lifecycle } from '../../../layers/lifecycle.ts';
import { PERF_MARKS } from '../../../perf/marks.ts';

export interface CrowdLayerProps {
  visible: boolean;
  /** Draw the hexagons (the grid's crowd statistic draws the cells instead). */
  showHexes: boolean;
  /** People per km² per hexagon of the latest minute; null before the first. */
  hexDensity: Float32Array | null;
  /** People in each venue (VENUES order), from the operations service's records; null where none yet. */
  venuePeople: readonly (number | null)[];
  lang: Lang;
  selectedId: string | null;
}

/** The venues' outlines and names float over the heat (40 m) and the lower buildings. */
const OUTLINE_M = 45;
const LABEL_M = 120;
/** Beyond this the names are too small to read, and step back. */
const LABEL_WITHIN_M = 90_000;
const LABEL_FONT_PX = 15;
const LABEL_SCALE = new NearFarScalar(2_000, 1, 60_000, 0.6);
/** A venue's name hangs above its centre, else below, right or left of it (in its own sizes), placed with every layer's labels. */
const LABEL_PLACES = [
  [0, -0.6],
  [0, 0.6],
  [0.6, 0],
  [-0.6, 0],
] as const;
const LEVEL_COLOURS = { nodata: Color.fromCssColorString('#94a3b8'), normal: Color.fromCssColorString('#22d3ee'), warning: Color.fromCssColorString('#fbbf24'), alarm: Color.fromCssColorString('#ef4444') };
const SELECTED = Color.fromCssColorString('#ffffff');

/** People as a short figure: 29.1万 / 291k. */
export function shortPeople(n: number, lang: Lang): string {
  if (lang === 'zh-CN') return n >= 10_000 ? `${(n / 10_000).toFixed(1)}万人` : `${Math.round(n)}人`;
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k people` : `${Math.round(n)} people`;
}

/**
 * The crowd heat: every hexagon of the crowd model as one sheet primitive, coloured by a colour
 * table that one upload replaces each minute; the venues as one polyline collection and one label
 * collection, recoloured and relabelled in place.
 */
export function createCrowdLayer(scene: Scene, root: PrimitiveCollection, layerId: string, mesh: HexMesh, hexes: number): SceneLayer<CrowdLayerProps> {
  // The sheet passes picks through to the grid below it: a tap on the heat opens the cell.
  const sheet = colourSheet(root, layerId, { selected: Color.WHITE, hovered: Color.WHITE, outline: Color.WHITE });
  sheet.uniforms.noneColor = Color.TRANSPARENT;
  const fills = sheet.add(mesh.positions, mesh.vertexHex, mesh.bounds, PrimitiveType.TRIANGLES, mesh.indices, false);
  const palette = HEAT_COLORS.map((c, k) => Color.fromCssColorString(c).withAlpha(HEAT_ALPHA[k]!).toBytes());

  const outlines = root.add(new PolylineCollection()) as PolylineCollection;
  const labels = root.add(new LabelCollection({ scene })) as LabelCollection;
  const materials = new Map<string, Material>();
  const materialOf = (c: Color): Material => {
    const key = c.toCssColorString();
    let m = materials.get(key);
    if (!m) materials.set(key, (m = Material.fromType('Color', { color: c })));
    return m;
  };
  const venueLines: Polyline[][] = VENUES.map((v) =>
    v.rings.map((ring) => outlines.add({ positions: Cartesian3.fromDegreesArrayHeights(ring.flatMap(([lon, lat]) => [lon, lat, OUTLINE_M])), width: 3, material: materialOf(LEVEL_COLOURS.nodata), id: { layerId, featureId: v.id } })),
  );
  const centres = VENUES.map(venueCentre);
  const venueLabels: Label[] = VENUES.map((v, i) => {
    const [lon, lat] = centres[i]!;
    return labels.add({
      position: Cartesian3.fromDegrees(lon, lat, LABEL_M),
      text: '',
      font: `600 ${LABEL_FONT_PX}px "Noto Sans CJK SC", "Noto Sans SC", sans-serif`,
      fillColor: Color.WHITE,
      outlineColor: Color.fromCssColorString('#0b1220'),
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      showBackground: true,
      backgroundColor: Color.fromCssColorString('#0b1220').withAlpha(0.7),
      backgroundPadding: new Cartesian2(8, 5),
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      scaleByDistance: LABEL_SCALE,
      distanceDisplayCondition: new DistanceDisplayCondition(0, LABEL_WITHIN_M),
      id: { layerId, featureId: v.id },
    });
  });
  const declutter = declutterOf(scene);
  const { frames, release } = frameScheduler(scene);
  const glyphsSeen = new Set<string>();
  const labelItems: DeclutterItem[] = venueLabels.map((label) =>
    labelItem(label, 3, LABEL_PLACES, (d) => {
      if (d > LABEL_WITHIN_M) return [0, 0] as const;
      const [w, h] = textBox(label.text, LABEL_FONT_PX);
      const k = scaleAt(LABEL_SCALE, d);
      return [(w + 16) * k, (h + 10) * k] as const;
    }),
  );
  const life = lifecycle(scene, root, () => declutter.remove(layerId), release, () => {
    sheet.material.destroy();
    for (const m of materials.values()) m.destroy?.();
  });

  return {
    update(props, old) {
      root.show = props.visible;
      fills.show = props.showHexes;
      if (props.visible !== old?.visible) declutter.set(layerId, props.visible ? labelItems : []);
      if (props.hexDensity !== old?.hexDensity) {
        const density = props.hexDensity;
        const t0 = performance.now();
        sheet.uniforms.colors = density
          ? colourTable(hexes, (rgba) => {
              for (let h = 0; h < hexes; h++) {
                const k = heatClass(density[h]!);
                if (k > 0) rgba.set(palette[k - 1]!, 4 * h);
              }
            })
          : Material.DefaultImageId;
        // bench:crowd reads it: the main thread's cost of a minute's new heat (the upload follows in the next frame).
        performance.measure(PERF_MARKS.crowdHeat, { start: t0, end: performance.now(), detail: hexes });
      }
      if (props.venuePeople !== old?.venuePeople || props.lang !== old.lang || props.selectedId !== old.selectedId) {
        VENUES.forEach((v, i) => {
          const people = props.venuePeople[i] ?? null;
          const colour = props.selectedId === v.id ? SELECTED : LEVEL_COLOURS[venueLevel(v, people)];
          for (const line of venueLines[i]!) {
            line.material = materialOf(colour);
            line.width = props.selectedId === v.id ? 5 : 3;
          }
          const label = venueLabels[i]!;
          label.text = `${pickText(v.name, props.lang)}${people === null ? '' : `\n${shortPeople(people, props.lang)}`}`;
          label.fillColor = people !== null && venueLevel(v, people) === 'alarm' ? LEVEL_COLOURS.alarm : Color.WHITE;
        });
        // The names' boxes grew or shrank with their text, and new glyphs reach the labels' atlas a frame or two later.
        if (props.visible) declutter.set(layerId, labelItems);
        if (hasNewGlyphs(glyphsSeen, venueLabels.map((l) => l.text))) frames.keepDrawing(GLYPH_FRAMES);
      }
      scene.requestRender();
    },
    pick(picked): PickResult | undefined {
      const id = (picked as { id?: { layerId?: string; featureId?: string } } | undefined)?.id;
      return id?.layerId === layerId && id.featureId ? { featureId: id.featureId } : undefined;
    },
    destroy: () => life.destroy(),
    isDestroyed: () => life.isDestroyed(),
  };
}
