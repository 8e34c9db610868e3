import { en } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'zh-CN' | 'en';

/**
 * The words of each domain, keyed by its name: every src/domains/<name>/messages.ts adds its own
 * member by declaration merging, so the catalogue knows every key without naming a domain.
 */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainMessages {}

type DomainKey = { [D in keyof DomainMessages]: keyof DomainMessages[D] }[keyof DomainMessages];
export type MessageKey = keyof typeof zh | DomainKey;

/** A domain's words as its messages.ts exports them. */
export interface DomainWords {
  messages: { zh: Readonly<Record<string, string>>; en: Readonly<Record<string, string>> };
}

/** Every domain's messages.ts, found by the folder convention: adding a domain adds no line here. */
export const DOMAIN_WORDS: Record<string, DomainWords> = import.meta.glob<DomainWords>('../domains/*/messages.ts', { eager: true });

const words = Object.values(DOMAIN_WORDS).map((d) => d.messages);
export const MESSAGES = {
  'zh-CN': Object.assign({}, zh, ...words.map((w) => w.zh)),
  en: Object.assign({}, en, ...words.map((w) => w.en)),
} as Record<Lang, Record<MessageKey, string>>;

/** Picks the zh or en member of a bilingual config text. */
export function pickText(text: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh-CN' ? text.zh : text.en;
}

/** Message keys for values that arrive as data. */
export const KIND_KEYS = {
  'water-level': 'kind_water_level',
  rainfall: 'kind_rainfall',
  waterlogging: 'kind_waterlogging',
  traffic: 'kind_traffic',
  'air-quality': 'kind_air_quality',
  truck: 'kind_truck',
  crowd: 'kind_crowd',
} as const satisfies Record<string, MessageKey>;

export const RULE_KEYS = {
  'off-route': 'rule_off_route',
  'closed-zone': 'rule_closed_zone',
  speeding: 'rule_speeding',
  'unlicensed-stop': 'rule_unlicensed_stop',
  'gps-silence': 'rule_gps_silence',
} as const satisfies Record<string, MessageKey>;

export const SIGN_STATE_KEYS = {
  normal: 'signState_normal',
  warning: 'signState_warning',
  alarm: 'signState_alarm',
  stale: 'signState_stale',
  nodata: 'signState_nodata',
} as const satisfies Record<string, MessageKey>;

export const REJECT_KEYS = {
  'too-large': 'reject_too_large',
  'bad-topic': 'reject_bad_topic',
  'unknown-sensor': 'reject_unknown_sensor',
  'not-json': 'reject_not_json',
  'bad-schema': 'reject_bad_schema',
  'not-finite': 'reject_not_finite',
  'out-of-order': 'reject_out_of_order',
  future: 'reject_future',
  'kind-mismatch': 'reject_kind_mismatch',
  'bad-alarm': 'reject_bad_alarm',
  'bad-system-alarm': 'reject_bad_system_alarm',
  'bad-violation': 'reject_bad_violation',
  'bad-case': 'reject_bad_case',
  'bad-crowd': 'reject_bad_crowd',
  'unknown-sign': 'reject_unknown_sign',
} as const satisfies Record<string, MessageKey>;

export const FACILITY_KEYS = {
  school: 'facility_school',
  park: 'facility_park',
  'sports-hall': 'facility_sports_hall',
  pump: 'facility_pump',
} as const satisfies Record<string, MessageKey>;
