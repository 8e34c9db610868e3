import type { ReactNode } from 'react';

type Attributes = Record<`data-${string}`, string | number | undefined>;

interface SegmentedProps<K extends string | number> {
  /** `radio`: a choice of value (a radio group); `tab`: a choice of panel (a tab list). */
  role: 'radio' | 'tab';
  options: readonly K[];
  /** The chosen option, or null when none is. */
  value: K | null;
  onChange(option: K): void;
  /** The group's name for screen readers. */
  label?: string;
  /** Classes besides `segmented`. */
  className?: string;
  /** Each option's data attributes (its test id, a value for the tests to read). */
  attrs?(option: K): Attributes;
  /** Each option's content. */
  children(option: K): ReactNode;
}

/** A row of buttons of which one is chosen: the panels' radio groups and tab lists, marked up once. */
export function Segmented<K extends string | number>({ role, options, value, onChange, label, className, attrs, children }: SegmentedProps<K>) {
  return (
    <div className={className ? `segmented ${className}` : 'segmented'} role={role === 'tab' ? 'tablist' : 'radiogroup'} aria-label={label}>
      {options.map((option) => (
        <button key={option} type="button" role={role} {...(role === 'tab' ? { 'aria-selected': value === option } : { 'aria-checked': value === option })} {...attrs?.(option)} onClick={() => onChange(option)}>
          {children(option)}
        </button>
      ))}
    </div>
  );
}
