/**
 * The shareable part of the app state, kept in the URL hash:
 *   #cam=lon,lat,height,heading,pitch&layers=districts,water&sel=layer:feature&theme=water&look=day
 * `layers` lists the visible layers; a layer missing from the list is hidden. `sel=layer:feature`
 * is the selection, `theme` the vital-sign theme on show and `look=day` the day look (the dark
 * look is the default, and is left out).
 *
 * Those are the platform's keys. A domain that keeps state in the hash adds its own keys in a
 * hashPart.ts in its folder, which exports `hashPart` and adds its fields to HashState by
 * declaration merging (DomainHashState); the parts are found here by folder, so that this file
 * names no domain. Each key has an `order`, its place in the written hash; the platform's are
 * cam 10, layers 20, sel 60, theme 70 and look 100, and a domain's keys take the places between.
 */
import type { CameraView } from '../config/citySchema.ts';
import { cameraViewSchema } from '../config/citySchema.ts';
import { LOOKS, type Look } from '../legend/look.ts';

/** Each domain's fields of the hash state: every hashPart.ts adds its own by declaration merging. */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainHashState {}

export interface HashState extends DomainHashState {
  camera?: CameraView;
  visibleLayers?: string[];
  selection?: { layerId: string; featureId: string };
  /** The vital-sign theme on show (its id in the catalogue). */
  theme?: string;
  look?: Look;
}

/** One key of the hash: where it goes, how its value is read into the state and written back. */
export interface HashKey {
  /** Its place in the written hash, the lowest first. */
  order: number;
  /** Its place in reading the hash, so in the problems, where that is not `order`. */
  readOrder?: number;
  /**
   * Reads the key's value (percent-decoded once, as URLSearchParams gives it) into `into`; a value
   * that is not right is left out and reported in `problems`, led by the key.
   */
  read(value: string, into: HashState, problems: string[]): void;
  /** The key's value for this state, or undefined to leave the key out of the hash. */
  write(state: HashState): string | undefined;
}

/**
 * The keys a part of the app owns, by name. A domain's hashPart.ts imports only types from this
 * file: this file loads the parts, so a value imported back would be read before it is set.
 */
export interface HashPart {
  keys: Readonly<Record<string, HashKey>>;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

const camera: HashKey = {
  order: 10,
  read(value, into, problems) {
    const [lon, lat, height, heading, pitch] = value.split(',').map(Number);
    const parsed = cameraViewSchema.safeParse({ lon, lat, height, heading: heading ?? 0, pitch: pitch ?? -90 });
    if (parsed.success) into.camera = parsed.data;
    else problems.push(`cam: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  },
  write({ camera: c }) {
    return c ? [round(c.lon, 6), round(c.lat, 6), round(c.height, 1), round(c.heading, 2), round(c.pitch, 2)].join(',') : undefined;
  },
};

const selection: HashKey = {
  order: 60,
  read(value, into, problems) {
    if (!value) return;
    const at = value.indexOf(':');
    if (at > 0) into.selection = { layerId: decodeURIComponent(value.slice(0, at)), featureId: decodeURIComponent(value.slice(at + 1)) };
    else problems.push(`sel: expected layer:feature, got ${value}`);
  },
  write: ({ selection: s }) => (s ? `${encodeURIComponent(s.layerId)}:${encodeURIComponent(s.featureId)}` : undefined),
};

/** The platform's own keys; the domains' come from their hashPart.ts. */
const PLATFORM: HashPart = {
  keys: {
    cam: camera,
    layers: {
      order: 20,
      read(value, into) {
        into.visibleLayers = value === '' ? [] : value.split(',').map(decodeURIComponent);
      },
      write: (s) => s.visibleLayers?.map(encodeURIComponent).join(','),
    },
    sel: selection,
    theme: {
      order: 70,
      read(value, into, problems) {
        if (/^[a-z][a-z0-9-]{1,31}$/.test(value)) into.theme = value;
        else problems.push(`theme: expected a theme id, got ${value.slice(0, 40)}`);
      },
      write: (s) => (s.theme ? encodeURIComponent(s.theme) : undefined),
    },
    look: {
      order: 100,
      // Read right after `mode` (30), as links always were, so that its problem keeps its place.
      readOrder: 35,
      read(value, into, problems) {
        if ((LOOKS as readonly string[]).includes(value)) into.look = value as Look;
        else problems.push(`look: expected ${LOOKS.join(' or ')}, got ${value}`);
      },
      write: (s) => (s.look && s.look !== 'dark' ? s.look : undefined),
    },
  },
};

/** Each domain's part, found by folder as src/ui/slots.ts finds the slots. */
const DOMAIN_PARTS = Object.values(import.meta.glob<{ hashPart: HashPart }>('../domains/*/hashPart.ts', { eager: true })).map((m) => m.hashPart);

/** Every key of the hash, the platform's and the domains', in their order. */
const KEYS: readonly (readonly [string, HashKey])[] = [PLATFORM, ...DOMAIN_PARTS].flatMap((part) => Object.entries(part.keys)).toSorted((a, b) => a[1].order - b[1].order);

/** The same keys in the order they are read. */
const READ_KEYS = KEYS.toSorted((a, b) => (a[1].readOrder ?? a[1].order) - (b[1].readOrder ?? b[1].order));

/** The keys' names in their order (tested: each owned by one part, in the order links have always had). */
export const HASH_KEYS: readonly string[] = KEYS.map(([key]) => key);

export function formatHash(state: HashState): string {
  const params = KEYS.flatMap(([key, k]) => {
    const value = k.write(state);
    return value === undefined ? [] : [`${key}=${value}`];
  });
  return params.length ? `#${params.join('&')}` : '';
}

/** The state from the hash's values, read by key; `get` answers null for a key not there. */
function readHash(get: (key: string) => string | null): { state: HashState; problems: string[] } {
  const state: HashState = {};
  const problems: string[] = [];
  for (const [key, k] of READ_KEYS) {
    const value = get(key);
    if (value === null) continue;
    try {
      k.read(value, state, problems);
    } catch (e) {
      // A part's names are percent-encoded inside the value: a stray `%` must not break the page.
      problems.push(`${key}: ${e instanceof URIError ? 'malformed percent-encoding' : String(e)}, ignored`);
    }
  }
  return { state, problems };
}

/** Parses a hash; a malformed part is ignored (and reported) rather than breaking the page. */
export function parseHash(hash: string): { state: HashState; problems: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return readHash((key) => params.get(key));
}

/**
 * One key's value for this state, as the hash carries it (undefined where the hash leaves it out):
 * for what keeps part of the state in the hash's form elsewhere, as a saved viewpoint does.
 */
export function hashValue(state: HashState, key: string): string | undefined {
  const entry = KEYS.find(([k]) => k === key);
  if (!entry) throw new Error(`no part of the URL hash owns the key ${key}`);
  return entry[1].write(state);
}

/** The state from values kept in the hash's form (see hashValue), read as the hash's are. */
export function readHashValues(values: Readonly<Record<string, string>>): { state: HashState; problems: string[] } {
  return readHash((key) => (Object.hasOwn(values, key) ? values[key]! : null));
}
