/**
 * Choropleth classes as pure data: quantile breaks over the non-zero values, a sequential
 * palette, and the class of each cell. The grid layer colours by it and the legend lists it.
 */
import type { GridMetric } from '../config/gridMetrics.ts';

/** Sequential, colour-blind safe (YlOrRd), light to dark. Index 0 is "none". */
export const CHOROPLETH_PALETTE = ['#3b4a5c', '#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];

export interface Classes {
  /** Upper bounds of classes 1..n (class 0 holds zeros). */
  breaks: number[];
  /** Class per cell: 0 for zero, 1..breaks.length otherwise. */
  classOf: Uint8Array;
}

/**
 * A statistic's own scale, instead of quantiles on the palette: fixed breaks (the last, Infinity,
 * is "above the one before") and a colour for each class 1..breaks.length.
 */
export interface MetricScale {
  breaks: readonly number[];
  colors: readonly string[];
}

/** The scales the domains give their statistics (src/layers/grid/gridParts.ts), found by folder so that the legend names no domain. */
const SCALES: Partial<Record<GridMetric, MetricScale>> = Object.assign(
  {},
  ...Object.values(import.meta.glob<{ gridPart: { scales?: Partial<Record<GridMetric, MetricScale>> } }>('../domains/*/gridPart.ts', { eager: true })).map((m) => m.gridPart.scales),
);

/** Classes on fixed breaks: class 0 for zero, then the first break a value does not exceed. */
export function classifyFixed(values: ArrayLike<number>, breaks: readonly number[]): Classes {
  const classOf = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > 0)) continue;
    let k = 0;
    while (k < breaks.length - 1 && v > breaks[k]!) k++;
    classOf[i] = k + 1;
  }
  return { breaks: [...breaks], classOf };
}

export function classify(values: ArrayLike<number>, classes = CHOROPLETH_PALETTE.length - 1): Classes {
  const nonZero = Array.from(values)
    .filter((v) => v > 0)
    .toSorted((a, b) => a - b);
  const breaks: number[] = [];
  for (let k = 1; k <= classes && nonZero.length > 0; k++) {
    const b = nonZero[Math.min(nonZero.length - 1, Math.ceil((k / classes) * nonZero.length) - 1)]!;
    if (breaks.length === 0 || b > breaks[breaks.length - 1]!) breaks.push(b);
  }
  const classOf = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= 0) continue;
    let k = 0;
    while (k < breaks.length - 1 && v > breaks[k]!) k++;
    classOf[i] = k + 1;
  }
  return { breaks, classOf };
}

const classesOf = new WeakMap<object, Classes>();

/**
 * The classes of a statistic's values, computed once per values array: the grid layer's colour
 * table and the legend read the same object, and neither classifies 18,649 values again.
 */
export function classesFor(values: ArrayLike<number>, metric?: GridMetric): Classes {
  let c = classesOf.get(values);
  if (!c) {
    const fixed = metric && SCALES[metric]?.breaks;
    c = fixed ? classifyFixed(values, fixed) : classify(values);
    classesOf.set(values, c);
  }
  return c;
}

/** A statistic's colour for class k of `classCount`: from its own scale if it has one (zero aside), else the choropleth's. */
export function metricColor(metric: GridMetric, k: number, classCount: number): string {
  const colors = SCALES[metric]?.colors;
  return colors && k > 0 ? colors[k - 1]! : classColor(k, classCount);
}

/** The palette colour for a class, spreading few classes over the whole ramp. */
export function classColor(k: number, classCount: number): string {
  if (k === 0) return CHOROPLETH_PALETTE[0]!;
  const steps = CHOROPLETH_PALETTE.length - 1;
  return CHOROPLETH_PALETTE[classCount <= 1 ? steps : 1 + Math.round(((k - 1) * (steps - 1)) / (classCount - 1))]!;
}
