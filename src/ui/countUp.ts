/**
 * Figures that count up: a displayed figure ("1,234", "3.57 km²", "+1,200 /min", "1900.3 万人") is
 * split into its number and the text around it, so that it can be drawn at any value on the way
 * and end on exactly the text it was given.
 */
export interface Figure {
  before: string;
  value: number;
  after: string;
  decimals: number;
  grouped: boolean;
}

const NUMBER = /^(\D*?)(\d[\d,]*(?:\.\d+)?)(.*)$/s;

export function parseFigure(text: string): Figure | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const digits = m[2]!;
  const value = Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  return { before: m[1]!, value, after: m[3]!, decimals: digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0, grouped: digits.includes(',') };
}

/** The figure's text at `value`, in its own decimals and grouping. */
export function figureAt(f: Figure, value: number): string {
  const n = value.toLocaleString('en-US', { minimumFractionDigits: f.decimals, maximumFractionDigits: f.decimals, useGrouping: f.grouped });
  return `${f.before}${n}${f.after}`;
}

/** Ease-out: fast at first, settling on the figure. */
export const easeOut = (t: number): number => 1 - (1 - Math.min(1, Math.max(0, t))) ** 3;

/**
 * Where a counting figure is on its way, and whether a new value counts up to or is shown at
 * once. A new value counts only when the figure had held still for a whole count since its last
 * change; one fed faster than that (a replay at two minutes a second) jumps from value to value
 * and holds still between them, instead of moving for as long as the feed runs.
 */
export class FigureCounter {
  private from = 0;
  private to = 0;
  private start = Number.NEGATIVE_INFINITY;
  private lastChange: number | null = null;

  constructor(private readonly countMs: number) {}

  /** Aims at `value`, arriving at `now`: true if it counts there from where it is, false if it is there at once. */
  aim(value: number, now: number): boolean {
    const counts = this.lastChange === null || now - this.lastChange >= this.countMs;
    if (!counts) return this.jump(value, now);
    this.from = this.valueAt(now);
    this.to = value;
    this.start = now;
    this.lastChange = now;
    return true;
  }

  /** Shows `value` at once (another unit, no number, or less motion asked for). */
  jump(value: number, now: number): false {
    this.from = value;
    this.to = value;
    this.start = Number.NEGATIVE_INFINITY;
    this.lastChange = now;
    return false;
  }

  valueAt(now: number): number {
    return this.from + (this.to - this.from) * easeOut((now - this.start) / this.countMs);
  }

  settled(now: number): boolean {
    return now - this.start >= this.countMs;
  }
}
