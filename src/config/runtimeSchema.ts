import { z } from 'zod';

/**
 * Settings that belong to a deployment, not to the bundle: /runtime-config.json (optional) and
 * URL parameters. Credentials live only here, so a built bundle never carries them.
 */
export const runtimeSchema = z.object({
  /** Folder of the city to open, under /cities/. */
  city: z.string().regex(/^[a-z][a-z0-9-]*$/).default('guangzhou'),
  mqttUrl: z.string().regex(/^wss?:\/\//).optional(),
  mqttUsername: z.string().optional(),
  mqttPassword: z.string().optional(),
  lang: z.enum(['zh-CN', 'en']).optional(),
  /** Touch-table kiosk: simplified controls, no text inputs, full screen on the first touch, attract tour when idle. */
  kiosk: z
    .union([z.boolean(), z.enum(['1', 'true', '0', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(false),
  /** Seconds without input before the attract tour starts (kiosk mode). */
  idleSeconds: z.coerce.number().min(1).max(3600).default(90),
});
export type RuntimeConfig = z.infer<typeof runtimeSchema>;

const URL_PARAMS: Record<string, keyof RuntimeConfig> = {
  city: 'city',
  mqtt: 'mqttUrl',
  mqttUser: 'mqttUsername',
  mqttPassword: 'mqttPassword',
  lang: 'lang',
  kiosk: 'kiosk',
  idle: 'idleSeconds',
};

/** URL parameters win over the file, so one link can point a kiosk at another broker. */
export function mergeRuntime(file: unknown, search: URLSearchParams): z.ZodSafeParseResult<RuntimeConfig> {
  const merged: Record<string, unknown> = typeof file === 'object' && file !== null ? { ...file } : {};
  for (const [param, field] of Object.entries(URL_PARAMS)) {
    const v = search.get(param);
    if (v !== null) merged[field] = v;
  }
  return runtimeSchema.safeParse(merged);
}
