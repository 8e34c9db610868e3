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
