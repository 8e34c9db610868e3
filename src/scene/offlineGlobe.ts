import {
  buildModuleUrl,
  Credit,
  CreditDisplay,
  EllipsoidTerrainProvider,
  ImageryLayer,
  TileMapServiceImageryProvider,
} from 'cesium';

/**
 * The globe uses only what ships with Cesium and is served from our own origin: the bundled
 * NaturalEarthII imagery and the plain ellipsoid. Nothing here may name Cesium ion, Bing or any
 * other host; the browser tests fail on any request that leaves the origin.
 */
let baseLayer: ImageryLayer | undefined;
let terrain: EllipsoidTerrainProvider | undefined;

export function offlineBaseLayer(): ImageryLayer {
  baseLayer ??= ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')));
  return baseLayer;
}

export function offlineTerrain(): EllipsoidTerrainProvider {
  terrain ??= new EllipsoidTerrainProvider();
  return terrain;
}

/** The default credit is the Cesium ion logo; no ion is used, so credit the engine plainly. */
CreditDisplay.cesiumCredit = new Credit('CesiumJS', true);
