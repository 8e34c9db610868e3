import { useEffect, useRef } from 'react';

/** A ref for an element that scrolls into view in its panel whenever `value` changes to something: a new answer is seen, not left below the fold. */
export function useRevealOnChange<T extends HTMLElement>(value: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (value) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [value]);
  return ref;
}
