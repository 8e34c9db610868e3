import { useT } from '../../ui/useT.ts';
import { useAppStore } from '../../state/store.ts';
import { type AnalysisAsk } from './proposalsSlice.ts';

/** Progress of the planner's analysis, or why it cannot run, for the asks a tab makes. */
export function AnalysisStatus({ kinds }: { kinds: readonly AnalysisAsk['kind'][] }) {
  const t = useT();
  const ask = useAppStore((s) => s.proposals.ask);
  const busy = useAppStore((s) => s.proposals.busy);
  const problem = useAppStore((s) => s.proposals.problem);
  if (!ask || !kinds.includes(ask.kind)) return null;
  if (busy)
    return (
      <p className="progress-line" role="status" data-testid="analysis-busy">
        <span className="spinner" aria-hidden="true" /> {t('analysing')}
      </p>
    );
  return problem ? (
    <p className="muted small" role="status">
      {t(problem)}
    </p>
  ) : null;
}
