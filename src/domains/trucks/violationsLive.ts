/** The muck-truck violations on the page's side of the live worker: the open ones and those seen to close, into the store once a frame. */
import { liveFeed } from '../../live/liveFeed.ts';
import { useAppStore } from '../../state/store.ts';
import type { ViolationRecord } from './contract.ts';

/** Closed violations the page keeps for its list (the database keeps them all). */
const MAX_CLOSED_VIOLATIONS = 500;

export function startViolationsLive(): () => void {
  /** Open violations from their retained messages, and the ones seen to close (their last record, ended when cleared). */
  const open = new Map<string, ViolationRecord>();
  let closed: ViolationRecord[] = [];
  let frame = 0;
  const publish = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      useAppStore.getState().setViolations([...open.values()].toSorted((a, b) => b.start - a.start), closed);
    });
  };
  return liveFeed().on('violations', (ev) => {
    for (const [id, v] of ev.updates) {
      if (v) open.set(id, v);
      else {
        const last = open.get(id);
        open.delete(id);
        if (last) closed = [{ ...last, end: last.end ?? Date.now() }, ...closed].slice(0, MAX_CLOSED_VIOLATIONS);
      }
    }
    publish();
  });
}
