/**
 * Where a domain's panels go in the platform's layout. Each src/domains/<name>/slots.tsx exports
 * `slots`, the places it fills, found here by folder, so that the layout names no domain:
 *   - `live-tab`: a tab of the live panel, shown while `shown(state)`;
 *   - `left` / `right`: a panel that takes the layer panel's (left) or the live panel's (right)
 *     place while `active(state)`;
 *   - `info`: a section under the selected feature's details while `active(state)`; the info
 *     panel then runs tall, down over the live panel;
 *   - `top-bar`: a bar between the title and the actions in the top bar while `active(state)`.
 * The display wall (src/wall/WallLayout.tsx) is a frame of places that every domain filling them
 * adds to, always rendered (a part that has nothing to show renders nothing):
 *   - `wall-title`: after the wall's title, in its heading; `wall-head`: between the heading and the
 *     actions; `wall-actions`: before the language switch and the clock;
 *   - `wall-left` / `wall-right`: the columns beside the city; `wall-foot`: the bar along the
 *     bottom; `wall-overlay`: over it all (a dialog);
 *   - `wall-data`: an attribute of the wall's element, `name` set to `value(state)`.
 * Within a place, the lowest `order` comes first (a tab, a part of the wall) or wins (a panel).
 */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages.ts';
import type { AppState } from '../state/store.ts';

/** The places of the panel layout that one active slot takes. */
type PanelPlace = 'left' | 'right' | 'info' | 'top-bar';

/** The places of the display wall's frame. */
export type WallPlace = 'wall-title' | 'wall-head' | 'wall-actions' | 'wall-left' | 'wall-right' | 'wall-foot' | 'wall-overlay';

/** A slot renders its panel as an element (`render`), so that the layout never makes a component of a value. */
export type PanelSlot =
  | { place: 'live-tab'; id: string; label: MessageKey; order: number; shown(s: AppState): boolean; render(): ReactNode }
  | { place: PanelPlace; order: number; active(s: AppState): boolean; render(): ReactNode }
  | { place: WallPlace; order: number; render(): ReactNode }
  | { place: 'wall-data'; order: number; name: `data-${string}`; value(s: AppState): string };

export type Place = PanelSlot['place'];

const ALL: readonly PanelSlot[] = Object.values(import.meta.glob<{ slots: readonly PanelSlot[] }>('../domains/*/slots.tsx', { eager: true }))
  .flatMap((m) => m.slots)
  .toSorted((a, b) => a.order - b.order);

/** The slots of one place, in order. */
export function slotsOf<P extends Place>(place: P): Extract<PanelSlot, { place: P }>[] {
  return ALL.filter((s): s is Extract<PanelSlot, { place: P }> => s.place === place);
}

/** The first active slot of a place in this state, if any (for a store selector: stable by identity). */
export function activeSlot(place: PanelPlace, s: AppState): Extract<PanelSlot, { place: PanelPlace }> | null {
  return slotsOf(place).find((slot) => slot.active(s)) ?? null;
}
