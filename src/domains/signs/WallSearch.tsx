import { create } from 'zustand';
import { useAppStore } from '../../state/store.ts';
import { useT } from '../../ui/useT.ts';
import { SignSearch } from './SignSearch.tsx';

/**
 * Whether the wall's sign search is open. The button sits in the wall's header and the search over
 * the scene, in places of their own (src/ui/slots.ts), so they share it here rather than in a parent.
 */
const useSearchOpen = create<{ open: boolean; toggle: () => void; close: () => void }>((set) => ({
  open: false,
  toggle: () => set((s) => ({ open: !s.open })),
  close: () => set({ open: false }),
}));

/** The header's button that opens and closes the search; there is nothing to search before the catalogue. */
export function SearchButton() {
  const t = useT();
  const ready = useAppStore((s) => s.signs !== null);
  const { open, toggle } = useSearchOpen();
  return (
    <button type="button" data-testid="search-signs" aria-pressed={open} disabled={!ready} onClick={toggle}>
      {t('searchSigns')}
    </button>
  );
}

/** The search over the wall, while open, in the district the wall is filtered to. */
export function SearchOverlay() {
  const table = useAppStore((s) => s.signs);
  const district = useAppStore((s) => s.signDistrict);
  const { open, close } = useSearchOpen();
  return open && table ? <SignSearch table={table} district={district} onClose={close} /> : null;
}
