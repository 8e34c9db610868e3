/**
 * Which cases each login may see, as SQL over the current records: a handler only their
 * department's, an inspector only their cells', everyone else every case; and the desks' views
 * within that reach (what the role has to act on, a department's caseload, the overdue list, all
 * open ones).
 */
import type { ApiLogin } from '../../../../server/ops/httpLogin.ts';
import type { CaseListView } from '../apiContract.ts';
import type { CaseQuery } from './caseStore.ts';

const OPEN = `state not in ('closed', 'rejected', 'merged')`;

/** What each role has to act on: its queue. */
const QUEUE: Partial<Record<string, string>> = {
  dispatcher: `(state in ('reported', 'filed', 'suspended') or (state = 'dispatched' and record->'pending' <> 'null'::jsonb))`,
  handler: `state = 'dispatched'`,
  inspector: `state = 'handled'`,
  hotline: `state = 'reported' and record->>'source' = 'hotline'`,
};

/** The login's reach, as conditions a query must add. */
function reach(who: ApiLogin, q: CaseQuery): void {
  if (who.role === 'handler') {
    q.params.push(who.department ?? '');
    q.where.push(`record->>'department' = $${q.params.length}`);
  } else if (who.role === 'inspector') {
    q.params.push([...(who.cells ?? [])]);
    q.where.push(`record->>'cell' = any($${q.params.length}::text[])`);
  }
}

export function caseQuery(view: CaseListView, who: ApiLogin, now: number): CaseQuery {
  const q: CaseQuery = { where: [], params: [] };
  reach(who, q);
  switch (view) {
    case 'queue':
      q.where.push(QUEUE[who.role] ?? QUEUE.dispatcher!);
      break;
    case 'mine':
      if (who.role === 'handler') q.where.push(`state in ('dispatched', 'suspended', 'handled')`);
      else if (who.role === 'inspector') q.where.push(`state = 'handled'`);
      else q.where.push(OPEN);
      break;
    case 'overdue':
      q.params.push(now);
      q.where.push(`state = 'dispatched' and (record->>'deadline')::bigint < $${q.params.length}::bigint`);
      break;
    case 'all':
      q.where.push(OPEN);
      break;
  }
  return q;
}

/** Whether a login may see this case at all (the same reach, for one case). */
export function mayRead(who: ApiLogin, c: { department: string | null; cell: string | null }): boolean {
  if (who.role === 'handler') return c.department === who.department;
  if (who.role === 'inspector') return c.cell !== null && (who.cells ?? []).includes(c.cell);
  return true;
}
