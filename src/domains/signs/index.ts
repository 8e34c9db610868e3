/** What other domains may use of the vital signs: the catalogue's contract. */
export { parseCatalogue, signTopic, type Catalogue } from './catalogue.ts';
