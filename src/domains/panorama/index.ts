/** What other domains may use of the panoramas: the coded classes (case types among them) and an area's contents. */
export { CASE_SOURCES, CASE_STATUSES, CASE_TYPES, codesOf } from './classes.ts';
export type { PanoramaAreaContents } from './areaQuery.ts';
export { panoramaInArea } from './areaQuery.ts';
export { PANORAMA_READER, type PanoramaReader } from './panoramaReader.ts';
