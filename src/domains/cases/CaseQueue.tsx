/**
 * The desk's list: the most pressing case first (caseDeskModel.ts's order), each row one tap to
 * open. A row says what a duty officer sorts by: the id, type, district, state, the time left,
 * and the caller (always masked here).
 */
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import type { CaseView } from './apiContract.ts';
import { callerShown, orderQueue } from './caseDeskModel.ts';
import { useCaseLabels, type CaseLabels } from './caseLabels.ts';
import { openCase } from './useCaseDesk.ts';

/** A case's state as a coloured chip. */
export function StateChip({ state }: { state: CaseView['state'] }) {
  const t = useT();
  return (
    <span className={`case-chip case-chip-${state}`} data-testid="case-state" data-state={state}>
      {t(`caseState_${state}`)}
    </span>
  );
}

/** The time a dispatched case has left (or is overdue by), coloured by how close it is. */
export function CountdownChip({ minutesLeft, labels }: { minutesLeft: number | null; labels: CaseLabels }) {
  const c = labels.countdown(minutesLeft);
  if (!c) return null;
  return (
    <span className={`case-chip countdown-${c.level}`} data-testid="case-countdown" data-level={c.level}>
      {c.text}
    </span>
  );
}

function CaseRow({ c, labels }: { c: CaseView; labels: CaseLabels }) {
  const caller = callerShown(c.caller);
  return (
    <li>
      <button type="button" className="case-row" data-case={c.id} onClick={() => openCase(c.id)}>
        <span className="case-row-head">
          <strong className="mono">{c.id}</strong>
          <StateChip state={c.state} />
          <CountdownChip minutesLeft={c.minutesLeft} labels={labels} />
        </span>
        <span className="muted small">
          {labels.typeName(c.type)} · {labels.districtName(c.district)}
          {caller ? ` · ${caller}` : ''}
        </span>
      </button>
    </li>
  );
}

export function CaseQueue() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const list = useAppStore((s) => s.caseList);
  const loading = useAppStore((s) => s.caseLoading);
  const labels = useCaseLabels();
  if (!list) return <p className="muted small">{loading ? t('loading') : ''}</p>;
  if (list.cases.length === 0) return <p className="muted">{t('caseNone')}</p>;
  return (
    <>
      <ul className="case-queue" data-testid="case-queue" aria-label={t('tabCases')}>
        {orderQueue(list.cases).map((c) => (
          <CaseRow key={c.id} c={c} labels={labels} />
        ))}
      </ul>
      {list.total > list.cases.length && (
        <p className="muted small" data-testid="case-shown-of">
          {t('caseShownOf').replace('{shown}', list.cases.length.toLocaleString(lang)).replace('{total}', list.total.toLocaleString(lang))}
        </p>
      )}
    </>
  );
}
