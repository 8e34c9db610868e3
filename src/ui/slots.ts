/**
 * Where a domain's panels go in the platform's layout. Each src/domains/<name>/slots.tsx exports
 * `slots`, the places it fills, found here by folder, so that the layout names no domain:
 *   - `live-tab`: a tab of the live panel, shown while `shown(state)`;
 *   - `left` / `right`: a panel that takes the layer panel's (left) or the live panel's (right)
 *     place while `active(state)`;
 *   - `info`: a section under the selected feature's details while `active(state)`; the info
 *     panel then runs tall, down over the live panel;
 *   - `top-bar`: a bar between the title and the actions in the top bar while `active(state)`.
 * Within a place, the lowest `order` comes first (a tab) or wins (a panel).
 */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages.ts';
import type { AppState } from '../state/store.ts';

/** A slot renders its panel as an element (`render`), so that the layout never makes a component of a value. */
export type PanelSlot =
  | { place: 'live-tab'; id: string; label: MessageKey; order: number; shown(s: AppState): boolean; render(): ReactNode }
  | { place: 'left' | 'right' | 'info' | 'top-bar'; order: number; active(s: AppState): boolean; render(): ReactNode };

export type Place = PanelSlot['place'];

const ALL: readonly PanelSlot[] = Object.values(import.meta.glob<{ slots: readonly PanelSlot[] }>('../domains/*/slots.tsx', { eager: true }))
  .flatMap((m) => m.slots)
  .toSorted((a, b) => a.order - b.order);

/** The slots of one place, in order. */
export function slotsOf<P extends Place>(place: P): Extract<PanelSlot, { place: P }>[] {
  return ALL.filter((s): s is Extract<PanelSlot, { place: P }> => s.place === place);
}

/** The first active slot of a place in this state, if any (for a store selector: stable by identity). */
export function activeSlot(place: 'left' | 'right' | 'info' | 'top-bar', s: AppState): PanelSlot | null {
  return slotsOf(place).find((slot) => slot.active(s)) ?? null;
}
