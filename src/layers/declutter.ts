import { Cartesian2, Cartesian3, Matrix4, SceneTransforms, type Label, type Scene } from 'cesium';

/**
 * Labels and badges from every layer, placed so that none covers another: on each frame the
 * camera moved (or an item changed), items are taken highest priority first; each tries its
 * offsets in turn and takes the first where its box, in window pixels, meets no box placed before
 * it, or hides. A fixed item (a count that must not vanish) keeps its place even when it meets
 * another, and still keeps the lower items off it. A few hundred items cost well under a
 * millisecond a moving frame, and nothing while the camera stands.
 */
export interface DeclutterItem {
  /** Higher places first. */
  priority: number;
  position: Cartesian3;
  /** The box's width and height in pixels, from the camera's distance to the item (labels scale by distance). */
  size(distance: number): readonly [number, number];
  /** Offsets of the box's centre from the position, in box widths and heights (y down), tried in turn. */
  offsets: readonly (readonly [number, number])[];
  /** Shown, or placed at no matter what. */
  fixed?: boolean;
  /** Takes the chosen offset in pixels, or null to hide. */
  place(offset: readonly [number, number] | null): void;
}

/** A Cesium label as an item: shown at the offset a pass gives it, hidden when it gets none. */
export function labelItem(label: Label, priority: number, offsets: DeclutterItem['offsets'], size: DeclutterItem['size']): DeclutterItem {
  return {
    priority,
    position: label.position,
    size,
    offsets,
    place: (offset) => {
      label.show = offset !== null;
      if (offset) label.pixelOffset = new Cartesian2(offset[0], offset[1]);
    },
  };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Runs one placement pass: exported for the unit test, which gives it window positions directly. */
export function placeBoxes(items: readonly { priority: number; at: Cartesian2 | undefined; size: readonly [number, number]; offsets: DeclutterItem['offsets']; fixed?: boolean }[]): (readonly [number, number] | null)[] {
  const order = items.map((_, i) => i).toSorted((a, b) => items[b]!.priority - items[a]!.priority);
  const placed: Box[] = [];
  const result: (readonly [number, number] | null)[] = items.map(() => null);
  for (const i of order) {
    const item = items[i]!;
    if (!item.at || item.offsets.length === 0) continue;
    const [w, h] = item.size;
    const { x, y } = item.at;
    const boxAt = ([dx, dy]: readonly [number, number]): Box => ({ x0: x + dx - w / 2, y0: y + dy - h / 2, x1: x + dx + w / 2, y1: y + dy + h / 2 });
    const pixels = item.offsets.map(([u, v]) => [u * w, v * h] as const);
    const free = pixels.find((o) => {
      const box = boxAt(o);
      return !placed.some((p) => overlaps(p, box));
    });
    const chosen = free ?? (item.fixed ? pixels[0]! : null);
    if (chosen) placed.push(boxAt(chosen));
    result[i] = chosen;
  }
  return result;
}

class Declutter {
  private readonly owners = new Map<string, readonly DeclutterItem[]>();
  private dirty = true;
  private readonly lastView = new Matrix4();
  private lastSize = '';

  constructor(private readonly scene: Scene) {
    scene.preRender.addEventListener(() => this.run());
  }

  set(owner: string, items: readonly DeclutterItem[]): void {
    this.owners.set(owner, items);
    this.dirty = true;
    this.scene.requestRender();
  }

  remove(owner: string): void {
    this.owners.delete(owner);
    this.dirty = true;
  }

  private run(): void {
    const camera = this.scene.camera;
    const size = `${this.scene.canvas.clientWidth}x${this.scene.canvas.clientHeight}`;
    if (!this.dirty && Matrix4.equals(camera.viewMatrix, this.lastView) && size === this.lastSize) return;
    this.dirty = false;
    Matrix4.clone(camera.viewMatrix, this.lastView);
    this.lastSize = size;
    const items = [...this.owners.values()].flat();
    const offsets = placeBoxes(
      items.map((item) => ({
        priority: item.priority,
        at: SceneTransforms.worldToWindowCoordinates(this.scene, item.position),
        size: item.size(Cartesian3.distance(camera.positionWC, item.position)),
        offsets: item.offsets,
        fixed: item.fixed,
      })),
    );
    items.forEach((item, i) => item.place(offsets[i]!));
  }
}

const byScene = new WeakMap<Scene, Declutter>();

/** The scene's one declutter: every layer's labels and badges are placed together. */
export function declutterOf(scene: Scene): Pick<Declutter, 'set' | 'remove'> {
  let d = byScene.get(scene);
  if (!d) {
    d = new Declutter(scene);
    byScene.set(scene, d);
  }
  return d;
}

/** A label's box from its text: CJK characters a font size wide, others about half. */
export function textBox(text: string, fontPx: number, lineHeight = 1.25): readonly [number, number] {
  const lines = text.split('\n');
  // eslint-disable-next-line no-control-regex
  const width = Math.max(...lines.map((l) => [...l].reduce((w, ch) => w + (/[\u0000-\u024f]/.test(ch) ? 0.56 : 1), 0)));
  return [width * fontPx, lines.length * fontPx * lineHeight];
}

/** A NearFarScalar's value at a distance, as Cesium applies it to a label's scale. */
export function scaleAt(s: { near: number; nearValue: number; far: number; farValue: number }, distance: number): number {
  const t = Math.min(1, Math.max(0, (distance - s.near) / (s.far - s.near)));
  return s.nearValue + (s.farValue - s.nearValue) * t;
}
