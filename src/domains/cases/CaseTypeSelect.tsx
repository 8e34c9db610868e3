/** The case types as a select, named in the language on screen: the hotline's form and the dispatcher's filing both choose one. */
import { CASE_TYPES } from '../panorama/index.ts';
import { useCaseLabels } from './caseLabels.ts';

export function CaseTypeSelect({ value, onChange, input }: { value: string; onChange(type: string): void; input?: string }) {
  const labels = useCaseLabels();
  return (
    <select className="text-input" data-input={input} required value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="" />
      {CASE_TYPES.map((x) => (
        <option key={x.code} value={x.code}>
          {labels.typeName(x.code)}
        </option>
      ))}
    </select>
  );
}
