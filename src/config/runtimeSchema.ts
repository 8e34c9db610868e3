import { z } from 'zod';

const brokerUrl = z.string().regex(/^wss?:\/\/[^\s;,']+$/);

/**
 * Settings that belong to a deployment, not to the bundle: /runtime-config.json (optional) and
 * URL parameters. A viewer login may live in the file, never in a URL (links end up in history
 * and screenshots); an operator signs in on the page.
 */
export const runtimeSchema = z.object({
  /** Folder of the city to open, under /cities/. */
  city: z.string().regex(/^[a-z][a-z0-9-]*$/).default('guangzhou'),
  mqttUrl: brokerUrl.optional(),
  /** Other brokers a link may choose with `?mqtt=`; any broker not listed here is refused. */
  brokers: z.array(brokerUrl).default([]),
  /** `relay`: the sensors' readings come from a conflating relay's batches (server/mqtt/relay.ts), not one message each. */
  sensorFeed: z.enum(['readings', 'relay']).optional(),
  /** Connections (and workers) to read the readings over, each a share of the kinds (src/live/shares.ts). */
  sensorConnections: z.number().int().min(1).max(4).optional(),
  mqttUsername: z.string().optional(),
  mqttPassword: z.string().optional(),
  lang: z.enum(['zh-CN', 'en']).optional(),
  /** Touch-table kiosk: simplified controls, no text inputs, full screen on the first touch, attract tour when idle. */
  kiosk: z
    .union([z.boolean(), z.enum(['1', 'true', '0', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(false),
  /** `wall`: the one-screen layout for display walls (一屏统管), 1920 × 1080 up to 3840 × 2160. */
  screen: z.enum(['desk', 'wall']).default('desk'),
  /** Seconds without input before the attract tour starts (kiosk mode). */
  idleSeconds: z.coerce.number().min(1).max(3600).default(90),
});
export type RuntimeConfig = z.infer<typeof runtimeSchema>;

const URL_PARAMS: Record<string, keyof RuntimeConfig> = {
  city: 'city',
  lang: 'lang',
  kiosk: 'kiosk',
  idle: 'idleSeconds',
  screen: 'screen',
};

export type RuntimeResult = z.ZodSafeParseResult<RuntimeConfig> & { refusedBroker?: string };

/**
 * URL parameters win over the file, so one link can open a kiosk in English. `?mqtt=` may only
 * choose a broker the file lists (`mqttUrl` or `brokers`): a crafted link must not point an
 * operator's screen at a broker that shows fake alarms. A refused one is reported, and the
 * file's broker is used.
 */
export function mergeRuntime(file: unknown, search: URLSearchParams): RuntimeResult {
  const merged: Record<string, unknown> = typeof file === 'object' && file !== null ? { ...file } : {};
  for (const [param, field] of Object.entries(URL_PARAMS)) {
    const v = search.get(param);
    if (v !== null) merged[field] = v;
  }
  const parsed = runtimeSchema.safeParse(merged);
  const asked = search.get('mqtt');
  if (!parsed.success || asked === null) return parsed;
  const allowed = [parsed.data.mqttUrl, ...parsed.data.brokers];
  if (allowed.includes(asked)) return { ...parsed, data: { ...parsed.data, mqttUrl: asked } };
  return { ...parsed, refusedBroker: asked };
}
