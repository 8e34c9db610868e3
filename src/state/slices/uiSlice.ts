import { cameraViewSchema, type CameraView } from '../../config/citySchema.ts';
import type { Lang } from '../../i18n/messages.ts';
import type { AppSlice } from './appSlice.ts';
import { visibleLayerIds } from './layersSlice.ts';
import { hashValue } from '../urlHash.ts';

/** A named view a planner saved: camera and layers, kept in this browser. */
export interface Viewpoint {
  name: string;
  camera: CameraView;
  layers: string[];
  /** The planner's proposals and demolition set when it was saved, in the URL's `prop` and `demo` form. */
  plan?: { prop: string; demo: string[] };
}

/**
 * The language, notices, the kiosk's tour and the saved viewpoints. Keeping the language and the
 * viewpoints in the browser, and the page's `lang`, are effects (src/controllers/persistence.ts).
 */
export interface UiSlice {
  lang: Lang;
  notices: string[];
  /** The kiosk's attract tour: running, and at which stop of the city's tour. */
  tour: { active: boolean; stop: number };
  viewpoints: Viewpoint[];
  setLang: (lang: Lang) => void;
  notify: (notice: string) => void;
  setTour: (tour: Partial<UiSlice['tour']>) => void;
  setViewpoints: (viewpoints: Viewpoint[]) => void;
  saveViewpoint: (name: string) => void;
  deleteViewpoint: (name: string) => void;
}

const validPlan = (plan: unknown): boolean => plan === undefined || (typeof plan === 'object' && plan !== null && typeof (plan as { prop?: unknown }).prop === 'string' && Array.isArray((plan as { demo?: unknown }).demo));

/** Saved viewpoints as read back from storage: anything not shaped like one is left out. */
export function validViewpoints(raw: unknown): Viewpoint[] {
  return Array.isArray(raw) ? raw.filter((v): v is Viewpoint => typeof v?.name === 'string' && cameraViewSchema.safeParse(v.camera).success && Array.isArray(v.layers) && validPlan(v.plan)) : [];
}

export const createUiSlice: AppSlice<UiSlice> = (set) => ({
  lang: 'zh-CN',
  notices: [],
  tour: { active: false, stop: 0 },
  viewpoints: [],
  setLang: (lang) => set({ lang }),
  notify: (notice) => set((s) => ({ notices: [...s.notices.slice(-4), notice] })),
  setTour: (tour) => set((s) => ({ tour: { ...s.tour, ...tour } })),
  setViewpoints: (viewpoints) => set({ viewpoints }),
  saveViewpoint: (name) =>
    set((s) => {
      if (!s.camera) return {};
      const { proposed, demolished } = s.proposals;
      const plan = proposed.length > 0 || demolished.length > 0 ? { plan: { prop: hashValue({ proposed }, 'prop') ?? '', demo: demolished } } : {};
      return { viewpoints: [...s.viewpoints.filter((v) => v.name !== name), { name, camera: s.camera, layers: visibleLayerIds(s), ...plan }] };
    }),
  deleteViewpoint: (name) => set((s) => ({ viewpoints: s.viewpoints.filter((v) => v.name !== name) })),
});
