/**
 * A regular lon/lat raster over the city: row 0 is the southern edge, cell (x, y) has its centre at
 * (west + (x + ½)·dx, south + (y + ½)·dy). Cells are square on the ground at the raster's middle
 * latitude, so distances in cells are the same in both directions.
 */
export interface RasterGrid {
  west: number;
  south: number;
  width: number;
  height: number;
  /** Degrees per cell. */
  dx: number;
  dy: number;
  /** Metres per cell side. */
  cellM: number;
}

const M_PER_DEG_LAT = 111_195;

export function rasterGrid(bounds: { west: number; south: number; east: number; north: number }, cellM: number): RasterGrid {
  const lat0 = (bounds.south + bounds.north) / 2;
  const dy = cellM / M_PER_DEG_LAT;
  const dx = dy / Math.cos((lat0 * Math.PI) / 180);
  return {
    west: bounds.west,
    south: bounds.south,
    width: Math.ceil((bounds.east - bounds.west) / dx),
    height: Math.ceil((bounds.north - bounds.south) / dy),
    dx,
    dy,
    cellM,
  };
}

/** The raster cell holding a point, or -1 outside. */
export function rasterIndex(r: RasterGrid, lon: number, lat: number): number {
  const x = Math.floor((lon - r.west) / r.dx);
  const y = Math.floor((lat - r.south) / r.dy);
  return x < 0 || y < 0 || x >= r.width || y >= r.height ? -1 : y * r.width + x;
}

export function cellCentre(r: RasterGrid, i: number): [number, number] {
  const x = i % r.width;
  const y = (i - x) / r.width;
  return [r.west + (x + 0.5) * r.dx, r.south + (y + 0.5) * r.dy];
}

/**
 * Marks the cells whose centre lies inside any of the polygons (even–odd rule over all rings), by
 * scanlines: each row's crossings with the ring edges, sorted, bound the filled spans.
 */
export function rasterizePolygons(r: RasterGrid, polygons: readonly (readonly (readonly number[])[])[][]): Uint8Array {
  const mask = new Uint8Array(r.width * r.height);
  const crossings: number[] = [];
  for (const rings of polygons) {
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings) {
      for (const p of ring) {
        minY = Math.min(minY, p[1]!);
        maxY = Math.max(maxY, p[1]!);
      }
    }
    const y0 = Math.max(0, Math.floor((minY - r.south) / r.dy - 0.5));
    const y1 = Math.min(r.height - 1, Math.ceil((maxY - r.south) / r.dy - 0.5));
    for (let y = y0; y <= y1; y++) {
      const lat = r.south + (y + 0.5) * r.dy;
      crossings.length = 0;
      for (const ring of rings) {
        for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
          const [ax, ay] = ring[j]! as [number, number];
          const [bx, by] = ring[k]! as [number, number];
          // Half-open in y, so a vertex on the scanline counts once.
          if (ay > lat !== by > lat) crossings.push(ax + ((lat - ay) / (by - ay)) * (bx - ax));
        }
      }
      crossings.sort((a, b) => a - b);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        const xa = Math.max(0, Math.ceil((crossings[k]! - r.west) / r.dx - 0.5));
        const xb = Math.min(r.width - 1, Math.floor((crossings[k + 1]! - r.west) / r.dx - 0.5));
        for (let x = xa; x <= xb; x++) mask[y * r.width + x]! ^= 1;
      }
    }
  }
  return mask;
}

/**
 * Distance in metres from every cell to the nearest marked cell: a two-pass chamfer transform
 * (weights 1 and √2), within 8 % of the Euclidean distance.
 */
export function distanceFrom(r: RasterGrid, mask: Uint8Array): Float32Array {
  const { width: w, height: h } = r;
  const d = new Float32Array(w * h).fill(Infinity);
  for (let i = 0; i < d.length; i++) if (mask[i]) d[i] = 0;
  const D = Math.SQRT2;
  const relax = (i: number, j: number, c: number): void => {
    const v = d[j]! + c;
    if (v < d[i]!) d[i] = v;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (x > 0) relax(i, i - 1, 1);
      if (y > 0) {
        relax(i, i - w, 1);
        if (x > 0) relax(i, i - w - 1, D);
        if (x < w - 1) relax(i, i - w + 1, D);
      }
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (x < w - 1) relax(i, i + 1, 1);
      if (y < h - 1) {
        relax(i, i + w, 1);
        if (x < w - 1) relax(i, i + w + 1, D);
        if (x > 0) relax(i, i + w - 1, D);
      }
    }
  }
  for (let i = 0; i < d.length; i++) d[i]! *= r.cellM;
  return d;
}

/** A function of position sampled at every cell centre (a DEM from an elevation model). */
export function sampleRaster(r: RasterGrid, f: (lon: number, lat: number) => number): Float32Array {
  const out = new Float32Array(r.width * r.height);
  for (let y = 0, i = 0; y < r.height; y++) {
    const lat = r.south + (y + 0.5) * r.dy;
    for (let x = 0; x < r.width; x++, i++) out[i] = f(r.west + (x + 0.5) * r.dx, lat);
  }
  return out;
}
