import type { CameraView } from '../config/citySchema.ts';
import { metresPerDegree } from './ellipsoid.ts';

/** A camera at `distanceM` from a point, looking at it from the south at 45° (pure: layers and controllers share it). */
export function lookingAt(lon: number, lat: number, distanceM: number): CameraView {
  const pitch = -45;
  const height = distanceM * Math.sin((-pitch * Math.PI) / 180);
  const back = distanceM * Math.cos((-pitch * Math.PI) / 180);
  return { lon, lat: lat - back / metresPerDegree(lat).y, height, heading: 0, pitch };
}
