/**
 * The case desk (GB/T 30428's loop, ./caseLoop.ts) in the live panel: who is signed in and the
 * desk their role has (the dispatcher's, a department's, the inspectors' verification, the
 * supervisor's overdue cases, the hotline's intake) and its list, read every few seconds while it
 * is on screen; the case opened from it shows in the info panel (./slots.tsx). The service decides who may see and do what; the desk
 * only offers what it would allow.
 */
import { useState } from 'react';
import type { Me } from '../../live/opsApiContract.ts';
import { SignIn } from '../../panels/SignIn.tsx';
import { useAppStore } from '../../state/store.ts';
import { Segmented } from '../../ui/Segmented.tsx';
import { useT } from '../../ui/useT.ts';
import type { CaseListView } from './apiContract.ts';
import { CaseQueue } from './CaseQueue.tsx';
import { defaultView, isDeskRole, viewsOf, type DeskRole } from './caseDeskModel.ts';
import { useCaseLabels } from './caseLabels.ts';
import { HotlineForm } from './HotlineForm.tsx';
import { useDeskList, useDeskLogin } from './useCaseDesk.ts';

/** The desk's title and who is at it. */
function DeskHead({ me, role }: { me: Me; role: DeskRole }) {
  const t = useT();
  const labels = useCaseLabels();
  const title = role === 'handler' ? t('deskTitle_handler').replace('{department}', labels.departmentName(me.department)) : t(`deskTitle_${role}`);
  const open = useAppStore((s) => s.caseEvaluationOpen);
  return (
    <div className="case-desk-head">
      <h3 data-testid="case-desk-title">{title}</h3>
      <span className="small muted">
        <span data-testid="case-desk-login">{me.name}</span> · {t(`caseRole_${role}`)}
      </span>
      <button type="button" className="chip case-eval-open" data-testid="case-eval-open" aria-pressed={open} onClick={() => useAppStore.getState().setCaseEvaluationOpen(!open)}>
        {t('caseEvalTitle')}
      </button>
    </div>
  );
}

/** What the service's last answer says is wrong: the database down (read-only), or another failure. */
function DeskProblem() {
  const t = useT();
  const readOnly = useAppStore((s) => s.caseReadOnly);
  const error = useAppStore((s) => s.caseError);
  if (readOnly)
    return (
      <p className="case-readonly" role="status" data-testid="case-readonly">
        {t('deskReadOnly')}
      </p>
    );
  return error ? <p className="error-text small">{error}</p> : null;
}

/** One login's desk: its own choice of list, started on the role's. */
function Desk({ me, role }: { me: Me; role: DeskRole }) {
  const t = useT();
  const [view, setView] = useState<CaseListView>(() => defaultView(role));
  const selected = useAppStore((s) => s.caseSelected);
  useDeskList(view);
  return (
    <div className="case-desk" data-testid="case-desk" data-role={role}>
      <DeskHead me={me} role={role} />
      <DeskProblem />
      {role === 'hotline' && selected === null && <HotlineForm />}
      <Segmented<CaseListView> role="radio" className="case-views" label={t('tabCases')} options={viewsOf(role)} value={view} onChange={setView} attrs={(v) => ({ 'data-view': v })}>
        {(v) => t(`caseView_${v}`)}
      </Segmented>
      <CaseQueue />
    </div>
  );
}

export function CaseDesk() {
  const t = useT();
  const operator = useAppStore((s) => s.operator);
  const me = useAppStore((s) => s.caseMe);
  useDeskLogin(operator);
  if (!operator)
    return (
      <div className="case-desk">
        <p className="muted">{t('deskSignIn')}</p>
        <SignIn />
      </div>
    );
  if (!me)
    return (
      <div className="case-desk">
        <DeskProblem />
        <p className="muted small">{t('loading')}</p>
      </div>
    );
  if (!isDeskRole(me.role)) return <p className="muted">{t('deskNone')}</p>;
  return <Desk key={`${me.name}:${me.role}`} me={me} role={me.role} />;
}
