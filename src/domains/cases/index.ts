/** What other domains may use of the cases: the wire contract. */
export type { CaseMessage } from './contract.ts';
