/** What other domains may use of the vital signs: the catalogue's contract, and the theme on show. */
export { parseCatalogue, signTopic, type Catalogue } from './catalogue.ts';
export { shownTheme } from './shownTheme.ts';
