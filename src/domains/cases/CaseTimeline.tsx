/**
 * A case's timeline: every applied step as the service's audit kept it (never edited), oldest
 * first: when, who (and in which role), what, the state it moved from and to, the department it
 * concerns and what was said. What was said is the person's own text, rendered as text.
 */
import type { z } from 'zod';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import type { stepRowSchema } from './apiContract.ts';
import { useCaseLabels, type CaseLabels } from './caseLabels.ts';

type StepRow = z.infer<typeof stepRowSchema>;

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

/**
 * What a step's detail says, in the reader's language where the loop wrote codes (the source, a
 * filing's type and urgency); a person's own words as they wrote them.
 */
function detailText(r: StepRow, labels: CaseLabels): string {
  const d = r.detail ?? '';
  if (r.kind === 'collect') return labels.label(`caseSource_${d}`, d);
  // The row names the department already.
  if (r.kind === 'dispatch') return '';
  if (r.kind === 'file') {
    const [type, urgency] = d.split('/');
    return `${labels.typeName(type ?? null)} · ${labels.label(`caseUrgency_${urgency}`, urgency ?? '')}`;
  }
  return d;
}

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
            {detailText(r, labels) && <span className="case-step-detail">{detailText(r, labels)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
