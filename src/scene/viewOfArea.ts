import type { CameraView } from '../config/citySchema.ts';

const M_PER_DEG = 111_320;
const PITCH = -60;

/**
 * A tilted view that frames an area: far enough back for its larger side to fill about two thirds
 * of the screen, and stepped south of it (along the heading) so the tilt looks at its centre.
 */
export function viewOfArea(area: { west: number; south: number; east: number; north: number }, heading: number): CameraView {
  const lat = (area.south + area.north) / 2;
  const lon = (area.west + area.east) / 2;
  const spanM = Math.max((area.east - area.west) * M_PER_DEG * Math.cos((lat * Math.PI) / 180), (area.north - area.south) * M_PER_DEG, 800);
  const height = spanM * 1.3;
  const back = height / Math.tan((-PITCH * Math.PI) / 180);
  const h = (heading * Math.PI) / 180;
  return {
    lon: lon - (Math.sin(h) * back) / (M_PER_DEG * Math.cos((lat * Math.PI) / 180)),
    lat: lat - (Math.cos(h) * back) / M_PER_DEG,
    height,
    heading,
    pitch: PITCH,
  };
}
