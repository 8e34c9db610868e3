/**
 * The steps the signed-in role may take on the opened case (caseDeskModel.ts decides which), each
 * a button that opens a small form with what its step needs; a step with nothing to ask is still
 * confirmed once, as a tap on a moving list is easily a wrong one. The service decides: a refusal
 * is shown in its own words; a 409 means someone acted first, so the case is read again.
 */
import { useState } from 'react';
import type { MessageKey } from '../../i18n/messages.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import type { CaseView } from './apiContract.ts';
import { URGENCIES, type Urgency } from './caseLoop.ts';
import { NEEDS, actionsFor, initialInputs, stepOf, type DeskAction, type StepInput, type StepInputs } from './caseDeskModel.ts';
import { CaseTypeSelect } from './CaseTypeSelect.tsx';
import { useCaseLabels } from './caseLabels.ts';
import { errorText, statusOf, step } from './opsCalls.ts';
import { deskProblem, reloadCase } from './useCaseDesk.ts';

const ACTION_KEYS: Record<DeskAction, MessageKey> = {
  file: 'caseStep_file',
  reject: 'caseStep_reject',
  merge: 'caseStep_merge',
  dispatch: 'caseStep_dispatch',
  approve: 'caseAct_approve',
  refuse: 'caseAct_refuse',
  resume: 'caseStep_resume',
  'send-back': 'caseStep_send-back',
  'request-extension': 'caseStep_request-extension',
  'request-suspension': 'caseStep_request-suspension',
  'report-back': 'caseStep_report-back',
  'verify-pass': 'caseAct_verify-pass',
  'verify-fail': 'caseAct_verify-fail',
};

const INPUT_KEYS: Record<StepInput, MessageKey> = { type: 'caseType', urgency: 'caseUrgency', department: 'caseDepartment', into: 'caseInto', reason: 'caseReason', minutes: 'caseMinutes', note: 'caseNote' };

/** One input of a step's form, labelled, as the field it is. */
function Field({ input, inputs, set, c }: { input: StepInput; inputs: StepInputs; set: (patch: Partial<StepInputs>) => void; c: CaseView }) {
  const t = useT();
  const labels = useCaseLabels();
  const departments = useAppStore((s) => s.caseDepartments);
  const common = { className: 'text-input', 'data-input': input, required: true };
  const control = (() => {
    switch (input) {
      case 'type':
        return <CaseTypeSelect input={input} value={inputs.type} onChange={(type) => set({ type })} />;
      case 'urgency':
        return (
          <select {...common} value={inputs.urgency} onChange={(e) => set({ urgency: e.target.value as Urgency | '' })}>
            <option value="" />
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {t(`caseUrgency_${u}`)}
              </option>
            ))}
          </select>
        );
      case 'department':
        return (
          <select {...common} value={inputs.department} onChange={(e) => set({ department: e.target.value })}>
            <option value="" />
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {labels.departmentName(d.id)}
                {d.id === c.suggested ? ` · ${t('caseSuggested')}` : ''}
              </option>
            ))}
          </select>
        );
      case 'minutes':
        return <input {...common} type="number" inputMode="numeric" min={1} step={1} value={inputs.minutes} onChange={(e) => set({ minutes: e.target.value })} />;
      case 'note':
        return <textarea {...common} rows={3} maxLength={2000} value={inputs.note} onChange={(e) => set({ note: e.target.value })} />;
      default:
        return <input {...common} type="text" maxLength={input === 'reason' ? 500 : 64} value={inputs[input]} onChange={(e) => set({ [input]: e.target.value })} />;
    }
  })();
  return (
    <label className="case-field">
      <span className="small muted">{t(INPUT_KEYS[input])}</span>
      {control}
    </label>
  );
}

/** What a form's sending came to: a message to show (or none), and whether the form closes. */
type Outcome = { message: string | null; close: boolean };

function ActionForm({ action, c, finish }: { action: DeskAction; c: CaseView; finish: (o: Outcome) => void }) {
  const t = useT();
  const readOnly = useAppStore((s) => s.caseReadOnly);
  const [inputs, setInputs] = useState<StepInputs>(() => initialInputs(action, c));
  // The version the step was decided on: if the case moves on while the form is open, the service says so (409).
  const [version] = useState(c.version);
  const [busy, setBusy] = useState(false);
  const made = stepOf(action, inputs, c.id);
  const send = async (): Promise<void> => {
    if (!made) return;
    setBusy(true);
    try {
      await step({ id: c.id, version, step: made });
      finish({ message: null, close: true });
    } catch (e) {
      const status = statusOf(e);
      if (status === 503) deskProblem(e);
      // Someone acted first: the case is read again, and the buttons follow its state now.
      finish(status === 409 ? { message: t('deskChanged'), close: true } : { message: `${t('deskRefused')}: ${errorText(e)}`, close: false });
    } finally {
      setBusy(false);
    }
    await reloadCase(c.id);
  };
  return (
    <form
      className="case-action-form"
      data-testid="case-action-form"
      data-action={action}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {NEEDS[action].map((input) => (
        <Field key={input} input={input} inputs={inputs} set={(patch) => setInputs((prev) => ({ ...prev, ...patch }))} c={c} />
      ))}
      <div className="button-row">
        <button type="submit" data-testid="case-action-send" disabled={!made || busy || readOnly}>
          {t(ACTION_KEYS[action])}
        </button>
        <button type="button" onClick={() => finish({ message: null, close: true })}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function CaseActions({ c }: { c: CaseView }) {
  const t = useT();
  const me = useAppStore((s) => s.caseMe);
  const readOnly = useAppStore((s) => s.caseReadOnly);
  const [open, setOpen] = useState<DeskAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const actions = me ? actionsFor(me, c) : [];
  if (actions.length === 0 && !message) return null;
  return (
    <section className="case-actions" data-testid="case-actions">
      {message && (
        <p className="case-refusal" role="alert" data-testid="case-refusal">
          {message}
        </p>
      )}
      <div className="case-action-buttons">
        {actions.map((a) => (
          <button key={a} type="button" data-action={a} aria-expanded={open === a} disabled={readOnly} onClick={() => setOpen(open === a ? null : a)}>
            {t(ACTION_KEYS[a])}
          </button>
        ))}
      </div>
      {open && actions.includes(open) && (
        <ActionForm
          key={open}
          action={open}
          c={c}
          finish={(o) => {
            setMessage(o.message);
            if (o.close) setOpen(null);
          }}
        />
      )}
    </section>
  );
}
