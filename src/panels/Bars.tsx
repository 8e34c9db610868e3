import type { Lang } from '../i18n/messages.ts';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  colour: string;
  /** The figure under the bar; the value, rounded, when absent. */
  text?: string;
}

/** Horizontal bars of a breakdown: a label column, a bar, and the count under it. */
export function Bars({ rows, lang, testId }: { rows: BarRow[]; lang: Lang; testId: string }) {
  const top = Math.max(1, ...rows.map((r) => r.value));
  const shown = rows.filter((r) => r.value > 0);
  if (shown.length === 0) return null;
  return (
    <ul className="use-bars panorama-bars" data-testid={testId}>
      {shown.map((r) => (
        <li key={r.key} data-key={r.key} data-value={r.value}>
          <span className="use-label" title={r.label}>
            {r.label}
          </span>
          <span className="bar" style={{ width: `${(100 * r.value) / top}%`, background: r.colour }} />
          <span className="small">{r.text ?? Math.round(r.value).toLocaleString(lang)}</span>
        </li>
      ))}
    </ul>
  );
}

