import type { Me } from '../../live/opsApiContract.ts';
import type { AppSlice } from '../../state/slices/appSlice.ts';
import type { CaseDepartment } from './apiContract.ts';
import type { CaseDetail, CaseList } from './opsCalls.ts';

/**
 * The case desk as its panels see it (./useCaseDesk.ts fills it from the operations service): who
 * is signed in, the desk's list, the case opened and its timeline. The service's database is the
 * record; this is what the page read last, so a reload or another screen never disagrees for long.
 */
export interface CasesSlice {
  /** The signed-in login as the service knows it (role, department, cells), once asked. */
  caseMe: Me | null;
  /** The desk's list as last read: the cases, the service's time, and how many there are in all. */
  caseList: CaseList | null;
  /** The departments a case may go to, for the dispatcher's choice and for naming them. */
  caseDepartments: readonly CaseDepartment[];
  /** The case opened on the desk, and its detail (the case and every step) once read. */
  caseSelected: string | null;
  caseDetail: CaseDetail | null;
  /** Whether a read is under way, and why the last one failed (cleared by the next that succeeds). */
  caseLoading: boolean;
  caseError: string | null;
  /** The service answered 503: its database is down, so nothing can be written until it returns. */
  caseReadOnly: boolean;
  /** Whether the evaluation is open, in the layer panel's place. */
  caseEvaluationOpen: boolean;
  setCaseEvaluationOpen: (open: boolean) => void;
  setCaseMe: (me: Me | null) => void;
  setCaseList: (list: CaseList) => void;
  setCaseDepartments: (departments: readonly CaseDepartment[]) => void;
  selectCase: (id: string | null) => void;
  setCaseDetail: (detail: CaseDetail) => void;
  setCaseLoading: (loading: boolean) => void;
  /** A failed read or write: its text, and whether it was the database being down. */
  setCaseProblem: (error: string | null, readOnly: boolean) => void;
  /** Signed out: the desk forgets everything it read. */
  clearCaseDesk: () => void;
}

declare module '../../state/store.ts' {
  interface DomainSlices {
    cases: CasesSlice;
  }
}

const EMPTY = { caseMe: null, caseList: null, caseDepartments: [], caseSelected: null, caseDetail: null, caseLoading: false, caseError: null, caseReadOnly: false, caseEvaluationOpen: false } as const;

export const slice: AppSlice<CasesSlice> = (set) => ({
  ...EMPTY,
  setCaseMe: (caseMe) => set({ caseMe }),
  setCaseEvaluationOpen: (caseEvaluationOpen) => set({ caseEvaluationOpen }),
  setCaseList: (caseList) => set({ caseList, caseError: null, caseReadOnly: false }),
  setCaseDepartments: (caseDepartments) => set({ caseDepartments }),
  // A detail read for another case is not shown under this one.
  selectCase: (caseSelected) => set((s) => ({ caseSelected, caseDetail: s.caseDetail?.case.id === caseSelected ? s.caseDetail : null })),
  setCaseDetail: (caseDetail) => set((s) => (s.caseSelected === caseDetail.case.id ? { caseDetail, caseError: null, caseReadOnly: false } : {})),
  setCaseLoading: (caseLoading) => set({ caseLoading }),
  setCaseProblem: (caseError, caseReadOnly) => set({ caseError, caseReadOnly }),
  clearCaseDesk: () => set(EMPTY),
});
