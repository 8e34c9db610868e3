/**
 * The evaluation (综合评价) in the layer panel's place, opened from the desk: over a day, a week
 * or a month, per department, district or case type, the groups ranked by their on-time rate as bars, their closure, rework and sent-back
 * rates and mean handling time in a table under it, and the table saved as CSV. The figures are
 * the service's (GET case-evaluation, counted by the database), read again every 30 s; the CSV is
 * built here from the answer on screen, with the names as shown.
 */
import { useState } from 'react';
import { Panel } from '../../panels/Panel.tsx';
import { useAppStore } from '../../state/store.ts';
import { download } from '../../ui/download.ts';
import { Segmented } from '../../ui/Segmented.tsx';
import { useT } from '../../ui/useT.ts';
import { durationText } from './caseDeskModel.ts';
import { useCaseLabels, useDepartmentNames } from './caseLabels.ts';
import { evaluation } from './evaluationCalls.ts';
import { EVALUATION_BYS, EVALUATION_HOURS, type EvaluationBy, type EvaluationHours } from './evaluationContract.ts';
import { evaluationCsv, percent, ranked, type EvaluationRow } from './evaluationModel.ts';
import { RankingChart } from './EvaluationCharts.tsx';
import { usePolled } from './usePolled.ts';

const REFRESH_MS = 30_000;

function EvaluationTable({ rows, nameOf }: { rows: readonly EvaluationRow[]; nameOf(group: string): string }) {
  const t = useT();
  const handling = (minutes: number | undefined): string => (minutes === undefined ? '—' : durationText(minutes, { h: t('caseHours'), min: t('minutesShort') }));
  return (
    <table className="case-eval-table small" data-testid="case-eval-table">
      <thead>
        <tr>
          <th>{t('caseEvalRank')}</th>
          <th>{t('caseEvalName')}</th>
          <th>{t('caseEvalOnTime')}</th>
          <th>{t('caseEvalClosure')}</th>
          <th>{t('caseEvalRework')}</th>
          <th>{t('caseEvalSentBack')}</th>
          <th>{t('caseEvalDispatched')}</th>
          <th>{t('caseEvalHandling')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.group} data-group={r.group}>
            <td>{i + 1}</td>
            <td>{nameOf(r.group)}</td>
            <td>{percent(r.onTime)}</td>
            <td>{percent(r.closure)}</td>
            <td>{percent(r.rework)}</td>
            <td>{percent(r.sentBack)}</td>
            <td>{r.dispatched}</td>
            <td>{handling(r.meanMinutes.dispatched)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CaseEvaluation() {
  const t = useT();
  const labels = useCaseLabels();
  const [hours, setHours] = useState<EvaluationHours>(168);
  const [by, setBy] = useState<EvaluationBy>('department');
  useDepartmentNames();
  const { value: answer, error } = usePolled(() => evaluation(hours, by), `${hours}|${by}`, REFRESH_MS);
  const nameOf = (g: string): string => (by === 'department' ? labels.departmentName(g) : by === 'district' ? labels.districtName(g) : labels.typeName(g));
  const rows = answer ? ranked(answer.rows) : [];
  const save = (): void => {
    if (answer) download(`case-evaluation-${by}-${hours}h.csv`, evaluationCsv(answer, nameOf), 'text/csv;charset=utf-8');
  };
  return (
    <Panel title={t('caseEvalTitle')} className="case-eval-panel" testId="case-evaluation-panel">
      <section className="case-eval" data-testid="case-evaluation" data-by={by} data-hours={hours}>
        <Segmented<EvaluationHours> role="radio" label={t('caseEvalPeriod')} options={EVALUATION_HOURS} value={hours} onChange={setHours} attrs={(h) => ({ 'data-hours': h })}>
          {(h) => t(`caseEvalHours_${h}`)}
        </Segmented>
        <Segmented<EvaluationBy> role="radio" label={t('caseEvalBy')} options={EVALUATION_BYS} value={by} onChange={setBy} attrs={(b) => ({ 'data-by': b })}>
          {(b) => t(`caseEvalBy_${b}`)}
        </Segmented>
        {error && <p className="error-text small">{error}</p>}
        {!answer && !error && (
          <p className="progress-line" role="status">
            <span className="spinner" aria-hidden="true" /> {t('loading')}
          </p>
        )}
        {answer && rows.length === 0 && <p className="muted small">{t('caseEvalNone')}</p>}
        {rows.length > 0 && (
          <>
            <h4 className="small">{t('caseEvalRanking')}</h4>
            <RankingChart rows={rows} nameOf={nameOf} className="case-eval-chart" testId="case-eval-chart" barEm={1.6} />
            <EvaluationTable rows={rows} nameOf={nameOf} />
          </>
        )}
        <div className="button-row">
          <button type="button" data-testid="case-eval-export" disabled={!answer} onClick={save}>
            {t('caseEvalExport')}
          </button>
          <button type="button" data-testid="case-eval-close" onClick={() => useAppStore.getState().setCaseEvaluationOpen(false)}>
            {t('caseBack')}
          </button>
        </div>
      </section>
    </Panel>
  );
}
