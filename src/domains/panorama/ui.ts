/** The panoramas' panels that other domains' panels embed. */
export { AreaPanoramas } from './AreaPanoramas.tsx';
