/** A one-line legend: a swatch and a label per class. */
export function LegendRow({ items, testId }: { items: readonly { color: string; label: string }[]; testId?: string }) {
  return (
    <ul className="legend-row" data-testid={testId}>
      {items.map((item) => (
        <li key={item.label}>
          <span className="swatch" style={{ background: item.color }} /> {item.label}
        </li>
      ))}
    </ul>
  );
}
