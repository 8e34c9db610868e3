import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { z } from 'zod';
import type { LayerConfig } from '../../config/citySchema.ts';
import { decodePolygonFeatures } from '../../sources/decodeFeatures.ts';
import { loadGeoJson } from '../../sources/fetchLayer.ts';
import type { LayerData } from '../../sources/layerLoad.ts';
import type { Lang, MessageKey } from '../../i18n/messages.ts';
import { InfoContent, type InfoRows } from '../../ui/InfoContent.tsx';
import type { InfoProps, LayerKind } from '../layerKind.ts';
import { isVisible, selectedIn } from '../layerProps.ts';
import { createPolygonLayer, type PolygonLayerOptions, type PolygonLayerProps } from './polygonLayer.ts';

/** What a basemap polygon kind loads: its features, decoded and checked at the edge. */
export interface PolygonData<K extends string, P> {
  kind: K;
  features: Feature<Polygon | MultiPolygon, P>[];
}

type Kind = LayerConfig['kind'] & LayerData['kind'];

export interface PolygonKindSpec<K extends Kind, P> {
  kind: K;
  config: z.ZodObject;
  props: z.ZodType<P>;
  /** Degrees the features may reach past the city's bounds (water runs on into the estuary). */
  marginDeg?: number;
  /** How the polygon layer draws this kind's features. */
  layer: Omit<PolygonLayerOptions<P>, 'layerId' | 'features' | 'getId'>;
  /** The feature id a pick reports, and the info panel's title and rows for a feature. */
  getId: (p: P) => string;
  info: (p: P, t: (key: MessageKey) => string, lang: Lang) => { title: string; rows: InfoRows };
  Controls?: LayerKind<K, PolygonLayerProps>['Controls'];
}

/**
 * A basemap polygon kind (districts, water): GeoJSON polygons decoded at the edge, drawn by the
 * polygon layer, with a fill that steps back while a layer that paints the ground is shown.
 */
export function polygonKind<K extends Kind, P>(spec: PolygonKindSpec<K, P>): LayerKind<K, PolygonLayerProps> {
  const m = spec.marginDeg ?? 0;
  const Info = ({ selection, data, t, lang }: InfoProps<unknown>) => {
    const f = (data as PolygonData<K, P>).features.find((x) => spec.getId(x.properties) === selection.featureId);
    return <InfoContent info={f ? spec.info(f.properties, t, lang) : null} />;
  };
  return {
    kind: spec.kind,
    config: spec.config,
    load: (cfg, ctx) =>
      loadGeoJson(cfg.url, ctx.url, (json) => {
        const b = ctx.bounds;
        const { features, report } = decodePolygonFeatures(json, spec.props, { west: b.west - m, south: b.south - m, east: b.east + m, north: b.north + m });
        // The data is this kind's own PolygonData, which its folder declared as its LayerData entry.
        return { report, data: { kind: spec.kind, features } as unknown as LayerData };
      }),
    create: (ctx, data) => createPolygonLayer(ctx.scene, ctx.root, { ...spec.layer, layerId: ctx.layerId, features: (data as unknown as PolygonData<K, P>).features, getId: spec.getId }),
    props: (s, layerId, _data, host) => ({
      visible: isVisible(s, layerId),
      lang: s.lang,
      selectedId: selectedIn(s, layerId),
      look: s.look,
      filled: s.basemapFills,
      groundCovered: host.groundCovered,
    }),
    Info,
    Controls: spec.Controls,
  };
}
