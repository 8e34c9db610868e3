/**
 * How the case desk keeps up with the operations service: who is signed in (asked again whenever
 * the login changes), the desk's list every few seconds while the desk is on screen, and the
 * opened case whenever the list shows it moved on. Reads write into the store (./casesSlice.ts);
 * a 503 (the service's database is down) turns the desk read-only until a read succeeds again.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store.ts';
import type { CaseListView } from './apiContract.ts';
import { departments, errorText, getCase, listCases, me, statusOf, type CaseList } from './opsCalls.ts';

/** How often the desk reads its list while it is shown. */
export const POLL_MS = 5000;

/** A failed read or write as the desk shows it: a 503 makes it read-only, anything else leaves that as it was. */
export function deskProblem(e: unknown): void {
  const s = useAppStore.getState();
  s.setCaseProblem(errorText(e), statusOf(e) === 503 || s.caseReadOnly);
}

/** Reads one case and its timeline into the desk (shown only while it is still the one opened). */
export function reloadCase(id: string): Promise<void> {
  return getCase(id).then((d) => useAppStore.getState().setCaseDetail(d), deskProblem);
}

/** Opens a case on the desk; null goes back to the list. */
export function openCase(id: string | null): void {
  useAppStore.getState().selectCase(id);
  if (id !== null) void reloadCase(id);
}

/** The opened case is read again when the list shows another version of it (someone else acted). */
function followOpened(list: CaseList): void {
  const { caseSelected, caseDetail } = useAppStore.getState();
  const listed = list.cases.find((c) => c.id === caseSelected);
  if (listed && caseDetail && listed.version !== caseDetail.case.version) void reloadCase(listed.id);
}

/** Who is signed in and the departments, for the login the broker took (`operator`); the desk starts empty for each. */
export function useDeskLogin(operator: string | null): void {
  useEffect(() => {
    const store = useAppStore.getState();
    store.clearCaseDesk();
    if (!operator) return;
    let current = true;
    me().then(
      (m) => current && store.setCaseMe(m),
      (e: unknown) => current && deskProblem(e),
    );
    departments().then(
      (d) => current && store.setCaseDepartments(d),
      // Without them the desk names departments by id, and a dispatch waits for the next login.
      (e: unknown) => current && deskProblem(e),
    );
    return () => {
      current = false;
    };
  }, [operator]);
}

/** The desk's list, read now and every POLL_MS while `view` is set; no read overlaps another. */
export function useDeskList(view: CaseListView | null): void {
  useEffect(() => {
    if (!view) return;
    let current = true;
    let busy = false;
    const load = (): void => {
      if (busy) return;
      busy = true;
      const store = useAppStore.getState();
      store.setCaseLoading(true);
      listCases(view)
        .then(
          (list) => {
            if (!current) return;
            store.setCaseList(list);
            followOpened(list);
          },
          (e: unknown) => current && deskProblem(e),
        )
        .finally(() => {
          busy = false;
          if (current) store.setCaseLoading(false);
        });
    };
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [view]);
}
