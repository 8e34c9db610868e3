/**
 * The 12345 hotline's intake: what the caller says it is and sees, their number and where, taken in as a new
 * case (the service collects it as reported and opens it here). The number is the caller's: it is
 * sent once and shown masked to every other role.
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { reportOf, type IntakeInputs } from './caseDeskModel.ts';
import { CaseTypeSelect } from './CaseTypeSelect.tsx';
import { errorText, report, statusOf } from './opsCalls.ts';
import { deskProblem, openCase } from './useCaseDesk.ts';

const EMPTY: IntakeInputs = { type: '', description: '', phone: '', lon: '', lat: '' };

export function HotlineForm() {
  const t = useT();
  const readOnly = useAppStore((s) => s.caseReadOnly);
  const [form, setForm] = useState<IntakeInputs>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const made = reportOf(form);
  const set = (patch: Partial<IntakeInputs>): void => setForm((prev) => ({ ...prev, ...patch }));
  const send = async (): Promise<void> => {
    if (!made) return;
    setBusy(true);
    try {
      const c = await report(made);
      setForm(EMPTY);
      setMessage(t('caseTakenIn').replace('{id}', c.id));
      openCase(c.id);
    } catch (e) {
      if (statusOf(e) === 503) deskProblem(e);
      setMessage(`${t('deskRefused')}: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="case-intake"
      data-testid="case-intake"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label className="case-field">
        <span className="small muted">{t('caseType')}</span>
        <CaseTypeSelect value={form.type} onChange={(type) => set({ type })} />
      </label>
      <label className="case-field">
        <span className="small muted">{t('caseDescription')}</span>
        <textarea className="text-input" required rows={3} maxLength={2000} value={form.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <label className="case-field">
        <span className="small muted">{t('casePhone')}</span>
        <input className="text-input" type="tel" autoComplete="off" maxLength={20} value={form.phone} onChange={(e) => set({ phone: e.target.value })} />
      </label>
      <div className="case-intake-place">
        <label className="case-field">
          <span className="small muted">{t('caseLon')}</span>
          <input className="text-input" type="number" inputMode="decimal" step="any" min={-180} max={180} required value={form.lon} onChange={(e) => set({ lon: e.target.value })} />
        </label>
        <label className="case-field">
          <span className="small muted">{t('caseLat')}</span>
          <input className="text-input" type="number" inputMode="decimal" step="any" min={-90} max={90} required value={form.lat} onChange={(e) => set({ lat: e.target.value })} />
        </label>
      </div>
      {message && (
        <p className="small" role="status" data-testid="case-intake-result">
          {message}
        </p>
      )}
      <div className="button-row">
        <button type="submit" data-testid="case-intake-send" disabled={!made || busy || readOnly}>
          {t('caseReport')}
        </button>
      </div>
    </form>
  );
}
