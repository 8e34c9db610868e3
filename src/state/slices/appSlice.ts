import type { StateCreator } from 'zustand';
import type { AppState } from '../store.ts';

/** A slice of the one store: it sees and sets the whole state, and owns its own fields. */
export type AppSlice<T> = StateCreator<AppState, [], [], T>;
