/**
 * Threshold alerts with hysteresis, as pure state over sensor indices.
 *
 * A sensor's level rises to 1 (warning) at `warning` and to 2 (alarm) at `alarm`. It only falls
 * back below a threshold once the reading drops under threshold − band, where band is
 * HYSTERESIS of the gap between the two thresholds. That way a reading that wobbles around a
 * line raises one alert, not one per message.
 */
export const HYSTERESIS = 0.1;

export type Level = 0 | 1 | 2;

export interface LevelChange {
  index: number;
  from: Level;
  to: Level;
  value: number;
  ts: number;
}

export interface Thresholds {
  warning: number;
  alarm: number;
}

export function nextLevel(current: Level, value: number, { warning, alarm }: Thresholds): Level {
  const band = HYSTERESIS * (alarm - warning);
  if (value >= alarm) return 2;
  if (current === 2 && value >= alarm - band) return 2;
  if (value >= warning) return 1;
  if (current >= 1 && value >= warning - band) return 1;
  return 0;
}

export class AlertLevels {
  readonly levels: Uint8Array;

  constructor(private readonly thresholds: readonly Thresholds[]) {
    this.levels = new Uint8Array(thresholds.length);
  }

  /** Applies one reading; returns the change, if the level moved. */
  apply(index: number, value: number, ts: number): LevelChange | null {
    const from = this.levels[index] as Level;
    const to = nextLevel(from, value, this.thresholds[index]!);
    if (to === from) return null;
    this.levels[index] = to;
    return { index, from, to, value, ts };
  }

  reset(): void {
    this.levels.fill(0);
  }
}
