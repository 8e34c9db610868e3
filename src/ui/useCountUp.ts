import { useEffect, useRef, useState } from 'react';
import { easeOut, figureAt, parseFigure, type Figure } from './countUp.ts';
import { reducedMotion } from './motion.ts';

const COUNT_MS = 700;

/**
 * The text of a figure counting up from zero when it first shows, and from the last figure to
 * each new one, once per animation frame, ending on `text` itself. A figure whose words change
 * (another unit) or that holds no number is shown at once; so is every figure when less motion is
 * asked for.
 */
export function useCountUp(text: string): string {
  const [shown, setShown] = useState(() => {
    const f = parseFigure(text);
    return f && !reducedMotion() ? figureAt(f, 0) : text;
  });
  /** The value on screen now, and the figure last aimed at. */
  const at = useRef(0);
  const aim = useRef<Figure | null>(null);
  useEffect(() => {
    const to = parseFigure(text);
    const was = aim.current;
    aim.current = to;
    if (!to || reducedMotion() || (was && (was.before !== to.before || was.after !== to.after))) {
      at.current = to?.value ?? 0;
      setShown(text);
      return;
    }
    const start = performance.now();
    const base = at.current;
    let frame = requestAnimationFrame(function step(now) {
      const k = easeOut((now - start) / COUNT_MS);
      at.current = base + (to.value - base) * k;
      setShown(k >= 1 ? text : figureAt(to, at.current));
      if (k < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [text]);
  return shown;
}
