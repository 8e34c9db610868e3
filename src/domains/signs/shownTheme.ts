import type { Catalogue, Theme } from './catalogue.ts';

/**
 * The theme on show: the one chosen, else the catalogue's first (none chosen yet, or a link named
 * one the catalogue lacks). The wall's parts and its alarm board all follow this one.
 */
export function shownTheme(catalogue: Pick<Catalogue, 'themes'> | undefined, id: string | null): Theme | undefined {
  return catalogue?.themes.find((th) => th.id === id) ?? catalogue?.themes[0];
}
