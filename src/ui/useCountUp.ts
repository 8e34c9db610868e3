import { useEffect, useRef, useState } from 'react';
import { figureAt, FigureCounter, parseFigure, type Figure } from './countUp.ts';
import { reducedMotion } from './motion.ts';

const COUNT_MS = 700;

/**
 * The text of a figure counting up from zero when it first shows, and from the last figure to
 * each new one once it has settled (see FigureCounter), once per animation frame, ending on
 * `text` itself. A figure whose words change (another unit) or that holds no number is shown at
 * once; so is every figure when less motion is asked for.
 */
export function useCountUp(text: string): string {
  const [shown, setShown] = useState(() => {
    const f = parseFigure(text);
    return f && !reducedMotion() ? figureAt(f, 0) : text;
  });
  const [counter] = useState(() => new FigureCounter(COUNT_MS));
  /** The figure last aimed at. */
  const aim = useRef<Figure | null>(null);
  useEffect(() => {
    const to = parseFigure(text);
    const was = aim.current;
    aim.current = to;
    const now = performance.now();
    if (!to || reducedMotion() || (was && (was.before !== to.before || was.after !== to.after)) || !counter.aim(to.value, now)) {
      counter.jump(to?.value ?? 0, now);
      setShown(text);
      return;
    }
    let frame = requestAnimationFrame(function step(t) {
      const done = counter.settled(t);
      setShown(done ? text : figureAt(to, counter.valueAt(t)));
      if (!done) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [text, counter]);
  return shown;
}
