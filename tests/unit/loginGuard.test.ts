/**
 * How every login is checked (server/ops/loginGuard.ts): verifyLogin on both Mosquitto formats,
 * with an unknown login doing the same PBKDF2 work as a known one; LoginGuard's back-off, lockout,
 * clearing on success, and its separate counters per login and per address, on an injected clock.
 */
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { LoginGuard, verifyHash, verifyLogin } from '../../server/ops/loginGuard.ts';
import { hashPassword, KDF_ITERATIONS, type UsersFile } from '../../server/ops/users.ts';
import { MOSQUITTO_HASHES as MOSQUITTO } from '../harness/mosquittoHashes.ts';

// The real PBKDF2, only watched: which iteration counts each check ran.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, pbkdf2: vi.fn<typeof real.pbkdf2>(real.pbkdf2) };
});
const pbkdf2 = vi.mocked(crypto.pbkdf2);

const users = (hashes: Record<string, string>): UsersFile => ({ dir: '/nowhere', passwdPath: '/nowhere/passwd', aclPath: '/nowhere/acl', hashes: new Map(Object.entries(hashes)), roles: new Map(), scopes: new Map() });

describe('verifyLogin', () => {
  const current = 'Current-strength-pw-1';
  const file = users({ zhang: hashPassword(current), old6: MOSQUITTO.sha512.hash, old7: MOSQUITTO.pbkdf2At101.hash, k1000: MOSQUITTO.pbkdf2At1000.hash });

  it('accepts the right password and refuses a wrong one, in the current format', async () => {
    expect(await verifyLogin(file, 'zhang', current)).toBe(true);
    expect(await verifyLogin(file, 'zhang', 'Current-strength-pw-2')).toBe(false);
    expect(await verifyLogin(file, 'zhang', '')).toBe(false);
  });

  it("reads Mosquitto's older hashes: $6$ salted SHA-512 and $7$ at lower counts", async () => {
    expect(await verifyLogin(file, 'old6', MOSQUITTO.sha512.password)).toBe(true);
    expect(await verifyLogin(file, 'old6', MOSQUITTO.pbkdf2At101.password)).toBe(false);
    expect(await verifyLogin(file, 'old7', MOSQUITTO.pbkdf2At101.password)).toBe(true);
    expect(await verifyLogin(file, 'old7', MOSQUITTO.sha512.password)).toBe(false);
    expect(await verifyLogin(file, 'k1000', MOSQUITTO.pbkdf2At1000.password)).toBe(true);
  });

  it('refuses an unknown or missing login after the same PBKDF2 work as a known one', async () => {
    pbkdf2.mockClear();
    expect(await verifyLogin(file, 'zhang', 'a wrong guess')).toBe(false);
    expect(await verifyLogin(file, 'nobody', current)).toBe(false);
    expect(await verifyLogin(file, undefined, current)).toBe(false);
    // Iterations and key length of each run: the unknown logins cost what zhang's hash costs.
    expect(pbkdf2.mock.calls.map((c) => [c[2], c[3], c[4]])).toEqual(Array.from({ length: 3 }, () => [KDF_ITERATIONS, 64, 'sha512']));
  });

  it('refuses a malformed or empty stored hash without throwing', async () => {
    for (const stored of ['', 'plain', '$7$0$c2FsdA==$aGFzaA==', '$7$abc$c2FsdA==$aGFzaA==', '$7$10$c2FsdA==', '$5$x$y']) expect(await verifyHash(stored, 'anything')).toBe(false);
  });
});

/** A guard on a clock of its own: 2 free failures, then 100 ms doubling, locked for a minute at 6. */
const clocked = (): { guard: LoginGuard; advance: (ms: number) => void } => {
  let now = 1_000_000;
  return { guard: new LoginGuard({ freeFailures: 2, baseDelayMs: 100, lockAfter: 6, lockMs: 60_000, now: () => now }), advance: (ms) => (now += ms) };
};
const fail = (guard: LoginGuard, times: number, login: string | undefined, address: string): void => {
  for (let i = 0; i < times; i++) guard.failed(login, address);
};

describe('LoginGuard', () => {
  it('lets the free failures through, then doubles the wait with each further one', () => {
    const { guard, advance } = clocked();
    fail(guard, 2, 'zhang', '10.0.0.1');
    expect(guard.check('zhang', '10.0.0.1')).toEqual({ ok: true });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      guard.failed('zhang', '10.0.0.1');
      const v = guard.check('zhang', '10.0.0.1');
      if (v.ok) throw new Error('no back-off after a failure beyond the free ones');
      waits.push(v.retryAfterMs);
      expect(v.locked).toBe(false);
      advance(v.retryAfterMs - 1);
      expect(guard.check('zhang', '10.0.0.1').ok).toBe(false);
      advance(1);
      expect(guard.check('zhang', '10.0.0.1')).toEqual({ ok: true });
    }
    expect(waits).toEqual([100, 200, 400]);
  });

  it('locks a login out for lockMs after lockAfter failures, and counts the lockout', () => {
    const { guard, advance } = clocked();
    fail(guard, 6, 'zhang', '10.0.0.1');
    expect(guard.check('zhang', '10.0.0.1')).toEqual({ ok: false, retryAfterMs: 60_000, locked: true });
    // The lock holds on the login from any other address.
    expect(guard.check('zhang', '10.0.0.99')).toMatchObject({ ok: false, locked: true });
    advance(59_999);
    expect(guard.check('zhang', '10.0.0.2').ok).toBe(false);
    advance(1);
    expect(guard.check('zhang', '10.0.0.2')).toEqual({ ok: true });
    // Two lockouts: the login's and the address's, each locked at its sixth failure.
    expect(guard.stats).toMatchObject({ failures: 6, lockouts: 2 });
    expect(guard.stats.refused).toBe(3);
  });

  it('clears the counters of the login and the address on a success', () => {
    const { guard } = clocked();
    fail(guard, 4, 'zhang', '10.0.0.1');
    expect(guard.check('zhang', '10.0.0.1').ok).toBe(false);
    guard.succeeded('zhang', '10.0.0.1');
    expect(guard.check('zhang', '10.0.0.1')).toEqual({ ok: true });
    // Counting starts again from nothing: two free failures.
    fail(guard, 2, 'zhang', '10.0.0.1');
    expect(guard.check('zhang', '10.0.0.1')).toEqual({ ok: true });
  });

  it('keeps a counter per login and one per address', () => {
    const { guard } = clocked();
    fail(guard, 4, 'zhang', '10.0.0.1');
    // zhang is slowed from everywhere, and 10.0.0.1 for every login; li from elsewhere is not.
    expect(guard.check('zhang', '10.0.0.2').ok).toBe(false);
    expect(guard.check('li', '10.0.0.1').ok).toBe(false);
    expect(guard.check('li', '10.0.0.2')).toEqual({ ok: true });
    // A failure with no login name counts against the address only.
    fail(guard, 4, undefined, '10.0.0.3');
    expect(guard.check(undefined, '10.0.0.3').ok).toBe(false);
    expect(guard.check('li', '10.0.0.3').ok).toBe(false);
    expect(guard.check('li', '10.0.0.2')).toEqual({ ok: true });
  });

  it("keeps a login's recent failures when a crowded table is pruned", () => {
    const { guard } = clocked();
    // 10,000 keys in back-off (a spray of guesses), so the table is pruned at every failure.
    for (let i = 0; i < 5_000; i++) fail(guard, 3, `spray-${i}`, `10.1.${i >> 8}.${i & 255}`);
    // Three failures of zhang from three addresses: the first two were free, with no wait
    // pending, and must still count.
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) guard.failed('zhang', address);
    expect(guard.check('zhang', '10.0.0.4')).toMatchObject({ ok: false, retryAfterMs: 100 });
  });
});
