/**
 * An answer of the operations service read now and every so often while a part is on screen, as
 * the evaluation panel and the wall read theirs. A read never overlaps the one before; a new `key`
 * (another period or grouping) drops what was shown for it and reads at once. A failure keeps its
 * text and HTTP status, so the wall can stay blank where the service says no (401) or has no such
 * route (404: a static deployment, or a service without the case loop).
 */
import { useEffect, useRef, useState } from 'react';
import { errorText, statusOf } from './opsCalls.ts';

export interface Polled<T> {
  value: T | null;
  error: string | null;
  status: number | null;
}

const NOTHING: Polled<never> = { value: null, error: null, status: null };

export function usePolled<T>(load: () => Promise<T>, key: string, everyMs: number): Polled<T> {
  // What was read, and for which key: another key's answer is never shown as this one's.
  const [polled, setPolled] = useState<Polled<T> & { key: string | null }>({ ...NOTHING, key: null });
  // The latest `load` (it closes over the key's values): kept before the reads below run.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let current = true;
    let busy = false;
    const read = (): void => {
      if (busy) return;
      busy = true;
      loadRef.current()
        .then(
          (value) => current && setPolled({ key, value, error: null, status: null }),
          // The last answer stays on show beside the failure; the next read tries again.
          (e: unknown) => current && setPolled((p) => ({ key, value: p.key === key ? p.value : null, error: errorText(e), status: statusOf(e) })),
        )
        .finally(() => {
          busy = false;
        });
    };
    read();
    const timer = setInterval(read, everyMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [key, everyMs]);
  return polled.key === key ? polled : NOTHING;
}
