/**
 * The case loop on the display wall: the last 24 hours' funnel (reported → filed → dispatched →
 * handled → closed) and the departments' top eight by on-time rate over the same day, read from
 * the operations service every 30 s. Both answers are counts, open without a login; where the
 * service says no (401) or has no such route (404: a static deployment, no case loop), the wall
 * shows nothing of them, and a failed read keeps what was shown.
 */
import { useT } from '../../ui/useT.ts';
import { useCaseLabels, useDepartmentNames } from './caseLabels.ts';
import { evaluation, funnel } from './evaluationCalls.ts';
import { funnelBars, ranked } from './evaluationModel.ts';
import { FunnelChart, RankingChart } from './EvaluationCharts.tsx';
import { usePolled, type Polled } from './usePolled.ts';

const REFRESH_MS = 30_000;
const HOURS = 24;
const TOP = 8;

/** Whether the service turned the wall away, so that it shows nothing rather than an error. */
const refused = (p: Polled<unknown>): boolean => p.status === 401 || p.status === 404;

export function CaseWall() {
  useDepartmentNames();
  const t = useT();
  const labels = useCaseLabels();
  const stages = usePolled(() => funnel(HOURS), 'funnel', REFRESH_MS);
  const departments = usePolled(() => evaluation(HOURS, 'department'), 'departments', REFRESH_MS);
  if (refused(stages) || refused(departments) || (!stages.value && !departments.value)) return null;
  const top = departments.value ? ranked(departments.value.rows).filter((r) => r.onTime !== null).slice(0, TOP) : [];
  return (
    <>
      {stages.value && (
        <figure className="wall-chart case-wall-funnel" data-testid="case-funnel">
          <figcaption>{t('caseFunnel')}</figcaption>
          <FunnelChart bars={funnelBars(stages.value)} className="chart-box" />
        </figure>
      )}
      {top.length > 0 && (
        <figure className="wall-chart case-wall-ranking" data-testid="case-wall-ranking">
          <figcaption>{t('caseWallRanking')}</figcaption>
          <RankingChart rows={top} nameOf={(g) => labels.departmentName(g)} className="chart-box" testId="case-wall-ranking-chart" />
        </figure>
      )}
    </>
  );
}
