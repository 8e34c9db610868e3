/** Whether the visitor asked for less motion: fly-ins, count-ups and pulses then jump to their end. */
export function reducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
