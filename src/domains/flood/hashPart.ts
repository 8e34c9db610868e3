/**
 * The flood's keys in the URL hash (found by src/state/urlHash.ts): `mode=flood` opens the flood
 * view, and `whatif=3.5` sets its river level (m) in place of the live gauges.
 */
import type { HashPart } from '../../state/urlHash.ts';
import type { AppMode } from './floodSlice.ts';

/** The what-if slider's range, m: a level in a link outside it is refused. */
export const WHAT_IF_RANGE = { min: 0, max: 8, step: 0.1 } as const;

export const hashPart: HashPart = {
  keys: {
    mode: {
      order: 30,
      read(value, into, problems) {
        if (value === 'flood' || value === 'city') into.mode = value;
        else problems.push(`mode: expected flood or city, got ${value}`);
      },
      // The city view is the default, so a link leaves it out.
      write: (s) => (s.mode === 'flood' ? 'flood' : undefined),
    },
    whatif: {
      order: 40,
      read(value, into, problems) {
        const level = Number(value);
        if (value !== '' && Number.isFinite(level) && level >= WHAT_IF_RANGE.min && level <= WHAT_IF_RANGE.max) into.whatIfLevelM = level;
        else problems.push(`whatif: expected a level from ${WHAT_IF_RANGE.min} to ${WHAT_IF_RANGE.max} m, got ${value}`);
      },
      write: (s) => (s.whatIfLevelM === undefined ? undefined : String(Number(s.whatIfLevelM.toFixed(2)))),
    },
  },
};

declare module '../../state/urlHash.ts' {
  interface DomainHashState {
    /** The city view or the flood view. */
    mode?: AppMode;
    /** The what-if river level, m; absent while the flood reads the live gauges. */
    whatIfLevelM?: number;
  }
}
