/**
 * Guangzhou's landmark towers at their true places (WGS84) and heights. The positions are checked
 * against the OSM sample in ../shared by `npm run test:data` where it covers them (IFC), and Canton
 * Tower against the WGS84 metro file there (its station stands at its foot). Canton Tower once stood
 * here at (113.3245, 23.1064), which is its GCJ-02 position, about 650 m off.
 */
import type { BuildingUse } from '../tiles/footprints.ts';

export interface Landmark {
  id: string;
  name: string;
  lon: number;
  lat: number;
  height: number;
  floors: number;
  use: BuildingUse;
  year: number;
  district: string;
  /** Plan: an ellipse (semi-axes in metres) drawn as a polygon of `sides` sides. */
  plan: { rx: number; ry: number; sides: number; rotationDeg: number };
}

export const LANDMARKS: readonly Landmark[] = [
  { id: 'canton-tower', name: '广州塔 Canton Tower', lon: 113.3186, lat: 23.1089, height: 600, floors: 112, use: 'public', year: 2010, district: '440105', plan: { rx: 40, ry: 30, sides: 24, rotationDeg: 30 } },
  { id: 'ctf-finance-centre', name: '广州周大福金融中心 Guangzhou CTF Finance Centre', lon: 113.3225, lat: 23.1201, height: 530, floors: 111, use: 'office', year: 2016, district: '440106', plan: { rx: 38, ry: 38, sides: 8, rotationDeg: 22.5 } },
  { id: 'guangzhou-ifc', name: '广州国际金融中心 Guangzhou IFC', lon: 113.3179, lat: 23.1203, height: 440, floors: 103, use: 'office', year: 2010, district: '440106', plan: { rx: 34, ry: 34, sides: 12, rotationDeg: 0 } },
  { id: 'citic-plaza', name: '中信广场 CITIC Plaza', lon: 113.3247, lat: 23.1436, height: 391, floors: 80, use: 'office', year: 1997, district: '440106', plan: { rx: 32, ry: 32, sides: 4, rotationDeg: 45 } },
];

/** Generated buildings keep this far from a landmark's centre, in metres. */
export const LANDMARK_CLEARANCE_M = 140;
