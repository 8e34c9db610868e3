/**
 * Proposed buildings as the planner keeps them: a drawn footprint extruded to a height, or an
 * imported glTF model placed at a point with a heading and a scale, whose footprint for analysis
 * is its bounding box turned and scaled in place.
 */
import { LocalFrame } from './prisms.ts';
import type { ProposedFootprint } from './site.ts';

/** A model's box in its own metres, east-north-up: [minE, minN, minU, maxE, maxN, maxU]. */
export type ModelBox = [number, number, number, number, number, number];

export interface ModelPlacement {
  /** File name, for the list and the URL. */
  name: string;
  lon: number;
  lat: number;
  /** Degrees clockwise from north. */
  heading: number;
  scale: number;
  box: ModelBox;
}

export interface ProposedBuilding {
  id: string;
  /** Footprint ring of [lon, lat], open; for a model, its box's footprint where it stands. */
  footprint: [number, number][];
  /** Metres above the ground. */
  height: number;
  model: ModelPlacement | null;
}

const DEG = Math.PI / 180;

/** The footprint of a placed model's box: its four corners turned by the heading and scaled. */
export function modelFootprint(m: ModelPlacement): [number, number][] {
  const frame = new LocalFrame(m.lon, m.lat);
  const [e0, n0, , e1, n1] = m.box;
  const h = m.heading * DEG;
  // Heading turns clockwise seen from above: east goes to south-east for a positive heading.
  const corners: [number, number][] = [
    [e0, n0],
    [e1, n0],
    [e1, n1],
    [e0, n1],
  ];
  return corners.map(([e, n]) => {
    const x = m.scale * (e * Math.cos(h) + n * Math.sin(h));
    const y = m.scale * (-e * Math.sin(h) + n * Math.cos(h));
    return [frame.lon(x), frame.lat(y)];
  });
}

export function placeModel(id: string, m: ModelPlacement): ProposedBuilding {
  return { id, footprint: modelFootprint(m), height: Math.max(0.1, m.box[5] * m.scale), model: m };
}

/** The mean of a ring's vertices, [lon, lat]: where a proposal counts in the area query and where its site is centred. */
export function ringCentre(ring: readonly (readonly number[])[]): [number, number] {
  return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
}

/** What the analysis engine takes of a proposal. */
export const footprintOf = (p: ProposedBuilding): ProposedFootprint => ({ id: p.id, ring: p.footprint, height: p.height });
