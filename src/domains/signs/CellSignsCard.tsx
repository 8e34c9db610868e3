import { pickText } from '../../i18n/messages.ts';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { formatSign } from './signHooks.ts';

/** The tapped cell's own figures on the wall: the catalogue's cell-level indicators. */
export function CellSignsCard() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const cell = useAppStore((s) => s.cellSigns);
  const table = useAppStore((s) => s.signs);
  if (!cell || !table) return null;
  const inds = table.catalogue.indicators.filter((i) => i.level === 'cell');
  return (
    <section className="wall-chart cell-signs" data-testid="cell-signs" data-cell={cell.cell}>
      <h2>
        {t('cellSigns')} <span className="muted">{cell.cell}</span>
      </h2>
      <dl className="facts">
        {inds.map((ind) =>
          ind.source.kind === 'cell' ? (
            <div key={ind.id} data-indicator={ind.id}>
              <dt>{pickText(ind.name, lang)}</dt>
              <dd>
                {formatSign(cell.values[ind.source.feed], ind, lang)} {ind.unit}
              </dd>
            </div>
          ) : null,
        )}
      </dl>
    </section>
  );
}
