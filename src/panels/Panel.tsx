import { useState, type ReactNode } from 'react';
import { useT } from '../ui/useT.ts';

/** A floating panel that collapses to its title bar with one tap. */
export function Panel({ title, className, children, testId }: { title: string; className: string; children: ReactNode; testId: string }) {
  const t = useT();
  const [open, setOpen] = useState(true);
  return (
    <section className={`panel ${className}`} data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-expanded={open} aria-label={open ? t('collapse') : t('expand')} onClick={() => setOpen(!open)}>
          {open ? '−' : '+'}
        </button>
      </header>
      {open && <div className="panel-body">{children}</div>}
    </section>
  );
}
