/**
 * A case's timeline: every applied step as the service's audit kept it (never edited), oldest
 * first: when, who (and in which role), what, the state it moved from and to, the department it
 * concerns and what was said. What was said is the person's own text, rendered as text.
 */
import type { z } from 'zod';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import type { stepRowSchema } from './apiContract.ts';
import { useCaseLabels } from './caseLabels.ts';

type StepRow = z.infer<typeof stepRowSchema>;

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

export function CaseTimeline({ steps }: { steps: readonly StepRow[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const labels = useCaseLabels();
  const state = (s: string): string => labels.label(`caseState_${s}`, s);
  return (
    <section className="case-timeline-section">
      <h4 className="section-title">{t('caseTimeline')}</h4>
      <ol className="case-timeline small" data-testid="case-timeline">
        {steps.toSorted((a, b) => a.version - b.version).map((r) => (
          <li key={r.version} data-step={r.kind}>
            <span className="case-step-head">
              <strong>{labels.label(`caseStep_${r.kind}`, r.kind)}</strong>
              <time className="muted" dateTime={new Date(r.at).toISOString()}>
                {new Date(r.at).toLocaleString(lang, WHEN)}
              </time>
            </span>
            <span>
              {r.actor} ({labels.label(`caseRole_${r.role}`, r.role)}) · {r.from ? `${state(r.from)} → ` : ''}
              {state(r.to)}
              {r.department ? ` · ${labels.departmentName(r.department)}` : ''}
            </span>
            {r.detail && <span className="case-step-detail">{r.detail}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
