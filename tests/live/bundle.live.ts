/**
 * No credentials in the built bundle: the MQTT logins come from runtime-config.json or URL
 * parameters at run time, and the passwords are made fresh by each start.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = join(import.meta.dirname, '..', '..', 'dist');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * Password values written into code or config: "password": "…", password: '…', mqttPassword="…".
 * A value that only names the field again (the URL-parameter table) is not a credential.
 */
function passwordLiterals(text: string): string[] {
  const literal = /(password|passwd|mqttPassword)["']?\s*[:=]\s*["'`]([^"'`\s]{3,})["'`]/gi;
  return [...text.matchAll(literal)].filter((m) => m[2]!.toLowerCase() !== m[1]!.toLowerCase()).map((m) => m[2]!);
}

describe('the built bundle', () => {
  it('carries no MQTT credentials', () => {
    expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
    const texts = files(DIST).filter((f) => /\.(js|json|html|css|map)$/.test(f) && !f.includes(`${join(DIST, 'cesium')}`));
    expect(texts.length).toBeGreaterThan(3);
    const found = texts.filter((f) => passwordLiterals(readFileSync(f, 'utf8')).length > 0).map((f) => f.slice(DIST.length));
    expect(found).toEqual([]);
    const runtime = JSON.parse(readFileSync(join(DIST, 'runtime-config.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(runtime).filter((k) => /user|password/i.test(k))).toEqual([]);
    // The simulator's login name appears nowhere in the page code either.
    const app = texts.filter((f) => f.endsWith('.js'));
    expect(app.filter((f) => readFileSync(f, 'utf8').includes("'simulator'") || readFileSync(f, 'utf8').includes('"simulator"'))).toEqual([]);
  });

  it('would catch a password literal (the check can fail)', () => {
    expect(passwordLiterals('const o={username:"viewer",password:"s3cret"}')).toEqual(['s3cret']);
    expect(passwordLiterals('{"mqttPassword": "hunter2"}')).toEqual(['hunter2']);
    expect(passwordLiterals('mqttPassword: z.string().optional(), {mqttPassword:`mqttPassword`}')).toEqual([]);
  });
});
