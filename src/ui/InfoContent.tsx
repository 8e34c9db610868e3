import type { ReactNode } from 'react';
import { useAppStore } from '../state/store.ts';
import { useT } from './useT.ts';

export type InfoRows = [label: string, value: ReactNode][];

/** The info panel's body: a title with a close button and the rows, or the hint when there is nothing to show. */
export function InfoContent({ info }: { info: { title: string; rows: InfoRows } | null }) {
  const t = useT();
  const select = useAppStore((s) => s.select);
  if (!info) return <p className="muted">{t('noSelection')}</p>;
  return (
    <>
      <div className="info-title">
        <h3 data-testid="info-title">{info.title}</h3>
        <button type="button" className="icon-button" aria-label={t('close')} onClick={() => select(null)}>
          ×
        </button>
      </div>
      <dl className="info-rows">
        {info.rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
