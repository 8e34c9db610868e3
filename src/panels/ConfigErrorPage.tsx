import type { ConfigProblem } from '../config/formatIssues.ts';
import { useT } from '../ui/useT.ts';

/** Shown instead of the scene when the city or runtime config is invalid. */
export function ConfigErrorPage({ file, problems }: { file: string; problems: ConfigProblem[] }) {
  const t = useT();
  return (
    <main className="config-error" role="alert" data-testid="config-error">
      <h1>{t('configErrorTitle')}</h1>
      <p>
        <code>{file}</code> — {t('configErrorHint')}
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <code data-testid="config-error-field">{p.field || '(document)'}</code>: {p.message}
          </li>
        ))}
      </ul>
    </main>
  );
}
