/**
 * The operations API's login check (server/ops/httpLogin.ts) on a real HTTP server and a real
 * users file: a removed login or a changed password is refused at once; repeated failures are
 * slowed and then locked out, per login and per address, with 429 and Retry-After; a burst in
 * parallel meets the guard too; an unknown login and a wrong password take the same path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpLogins } from '../../server/ops/httpLogin.ts';
import * as loginGuard from '../../server/ops/loginGuard.ts';
import { addLogins, removeLogin, type TopicSpace } from '../../server/ops/users.ts';

// Every call of the real verifyLogin, counted: the module is the real one, only watched.
vi.mock('../../server/ops/loginGuard.ts', async (original) => {
  const real = await original<typeof import('../../server/ops/loginGuard.ts')>();
  return { ...real, verifyLogin: vi.fn<typeof real.verifyLogin>(real.verifyLogin) };
});
const verifyLogin = vi.mocked(loginGuard.verifyLogin);

const TOPICS: TopicSpace = { city: 'city/guangzhou', ops: 'ops/guangzhou' };
const ZHANG = 'a-long-Passphrase-for-zhang';

let dir: string;
let logins: HttpLogins;
let server: Server;
let port = 0;
let clock = 1_000_000;

/** GET with `user:password` as Basic credentials, from `from` (a loopback address). */
function get(user: string, password: string, from = '127.0.0.1'): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    request({ host: '127.0.0.1', port, path: '/', localAddress: from, headers: { authorization } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] });
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'canton-http-login-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server whose only route needs an API login, with `logins` in front of it. */
async function serve(guard?: loginGuard.LoginGuard): Promise<void> {
  logins = new HttpLogins(dir, guard);
  server = createServer((req, res) => {
    void logins.authorise(req, res).then((ok) => ok && res.writeHead(200).end('in'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

beforeEach(() => {
  addLogins(dir, [{ name: 'zhang', role: 'operator', password: ZHANG }, { name: 'li', role: 'operator', password: 'another-long-Passphrase' }, { name: 'viewer', role: 'viewer', password: 'public-viewer-password' }], TOPICS);
  verifyLogin.mockClear();
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the operations API login', () => {
  it('refuses a removed login and an old password at once, with no cache to wait out', async () => {
    await serve();
    expect((await get('zhang', ZHANG)).status).toBe(200);
    expect((await get('zhang', ZHANG)).status).toBe(200);
    removeLogin(dir, 'zhang', TOPICS);
    expect((await get('zhang', ZHANG)).status).toBe(401);
    // The second request was answered from the first one's verification, not by PBKDF2 again.
    expect(verifyLogin).toHaveBeenCalledTimes(2);
    addLogins(dir, [{ name: 'zhang', role: 'operator', password: 'a-new-Passphrase-for-zhang' }], TOPICS);
    expect((await get('zhang', ZHANG)).status).toBe(401);
    expect((await get('zhang', 'a-new-Passphrase-for-zhang')).status).toBe(200);
    // A login moved out of the API's roles is refused at once too.
    addLogins(dir, [{ name: 'zhang', role: 'viewer', password: 'a-new-Passphrase-for-zhang' }], TOPICS);
    expect((await get('zhang', 'a-new-Passphrase-for-zhang')).status).toBe(401);
  });

  it('checks an unknown login through the same verifyLogin as a wrong password', async () => {
    await serve();
    expect((await get('nobody', 'wrong')).status).toBe(401);
    expect((await get('zhang', 'wrong')).status).toBe(401);
    expect(verifyLogin).toHaveBeenCalledTimes(2);
    expect(verifyLogin.mock.calls.map(([users, name, password]) => [users.dir, name, password])).toEqual([
      [dir, 'nobody', 'wrong'],
      [dir, 'zhang', 'wrong'],
    ]);
    // The viewer's right password opens nothing here, and is no failure either.
    expect((await get('viewer', 'public-viewer-password')).status).toBe(401);
    expect(logins.stats).toMatchObject({ checked: 3, failed: 2, accepted: 0 });
  });

  it('slows and then locks out a login and an address after repeated failures, with 429 and Retry-After', async () => {
    await serve(new loginGuard.LoginGuard({ freeFailures: 2, baseDelayMs: 1000, lockAfter: 4, lockMs: 60_000, now: () => clock }));
    for (let i = 0; i < 3; i++) expect((await get('zhang', `guess-${i}`)).status).toBe(401);
    // The third failure started a back-off: even the right password waits, unchecked.
    expect(await get('zhang', ZHANG)).toEqual({ status: 429, retryAfter: '1' });
    clock += 1001;
    expect((await get('zhang', 'guess-3')).status).toBe(401);
    // Locked: the login from any address, and any login from this address.
    expect(await get('zhang', ZHANG)).toEqual({ status: 429, retryAfter: '60' });
    expect((await get('zhang', ZHANG, '127.0.0.2')).status).toBe(429);
    expect((await get('li', 'another-long-Passphrase')).status).toBe(429);
    expect((await get('li', 'another-long-Passphrase', '127.0.0.3')).status).toBe(200);
    expect(verifyLogin).toHaveBeenCalledTimes(5);
    expect(logins.stats.tooMany).toBe(4);
    clock += 60_001;
    expect((await get('zhang', ZHANG)).status).toBe(200);
  });

  it('meets a burst of guesses in parallel with the guard, as it would a sequence', async () => {
    // The default figures, on a clock that stands still so that no back-off runs out mid-burst.
    await serve(new loginGuard.LoginGuard({ now: () => clock }));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => get('zhang', `parallel-guess-${i}`)));
    const refused = answers.filter((a) => a.status === 429);
    // The default guard lets five failures through free and slows the sixth: the rest are refused unchecked.
    expect(answers.filter((a) => a.status === 401)).toHaveLength(6);
    expect(refused).toHaveLength(34);
    expect(refused.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
    expect(verifyLogin).toHaveBeenCalledTimes(6);
  });
});
