/**
 * One case opened on the desk: what was reported (the description as text, never as markup), where
 * and by whom, what it is waiting for, its photos, the steps the role may take and its timeline.
 */
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import type { CaseView } from './apiContract.ts';
import { CaseActions } from './CaseActions.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CountdownChip, StateChip } from './CaseQueue.tsx';
import { useCaseLabels } from './caseLabels.ts';
import { photoUrl } from './opsCalls.ts';
import { openCase } from './useCaseDesk.ts';

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

/** What the case waits for, or what happened to it that its state does not say. */
function CaseNotes({ c }: { c: CaseView }) {
  const t = useT();
  const notes = [
    c.pending?.kind === 'extension' ? t('casePendingExtension').replace('{minutes}', String(c.pending.minutes)) : null,
    c.pending?.kind === 'suspension' ? t('casePendingSuspension') : null,
    c.alarmCleared ? t('caseAlarmCleared') : null,
    c.mergedInto ? `${t('caseMergedInto')} ${c.mergedInto}` : null,
  ].filter((n) => n !== null);
  if (notes.length === 0) return null;
  return (
    <ul className="case-notes small" data-testid="case-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

function CasePhotos({ photos }: { photos: readonly string[] }) {
  const t = useT();
  if (photos.length === 0) return null;
  return (
    <p className="case-photos small">
      <span className="muted">{t('casePhotos')}</span>
      {photos.map((id) => (
        <a key={id} className="mono" href={photoUrl(id)} target="_blank" rel="noopener noreferrer">
          {id.slice(0, 8)}
        </a>
      ))}
    </p>
  );
}

export function CaseDetailPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const selected = useAppStore((s) => s.caseSelected);
  const detail = useAppStore((s) => s.caseDetail);
  const labels = useCaseLabels();
  const back = (
    <button type="button" className="case-back" data-testid="case-back" onClick={() => openCase(null)}>
      ✕ {t('caseBack')}
    </button>
  );
  if (!detail || detail.case.id !== selected)
    return (
      <section className="case-detail" data-testid="case-detail">
        {back}
        <p className="muted small">{t('loading')}</p>
      </section>
    );
  const c = detail.case;
  return (
    <section className="case-detail" data-testid="case-detail" data-case={c.id} data-state={c.state} data-version={c.version}>
      {back}
      <p className="case-row-head">
        <strong className="mono">{c.id}</strong>
        <StateChip state={c.state} />
        <CountdownChip minutesLeft={c.minutesLeft} labels={labels} />
      </p>
      <p className="small">
        {labels.typeName(c.type)}
        {c.urgency ? ` · ${t(`caseUrgency_${c.urgency}`)}` : ''}
        {c.department ? ` · ${labels.departmentName(c.department)}` : ''}
      </p>
      <p className="muted small">
        {labels.districtName(c.district)}
        {c.cell ? ` ${c.cell}` : ''} · {t(`caseSource_${c.source}`)} · {t('caseReportedAt')} {new Date(c.reportedAt).toLocaleString(lang, WHEN)}
        {c.caller ? ` · ${t('caseCaller')} ${c.caller}` : ''}
      </p>
      <p className="case-description" data-testid="case-description">
        {c.description}
      </p>
      <CaseNotes c={c} />
      <CasePhotos photos={c.photos} />
      <CaseActions key={c.id} c={c} />
      <CaseTimeline steps={detail.steps} />
    </section>
  );
}
