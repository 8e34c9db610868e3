/**
 * How every login is checked, on both brokers (Aedes here; Mosquitto applies its own password file)
 * and on the HTTP API:
 *   - `verifyLogin` answers in the same time whether the login exists or not: an unknown login is
 *     checked against a dummy hash of the current strength, so timing tells no names;
 *   - the hash runs on libuv's thread pool (async PBKDF2), never on the event loop;
 *   - `LoginGuard` slows and then locks out a login or an address after repeated failures, so a
 *     password cannot be guessed at wire speed.
 */
import { pbkdf2, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { KDF_ITERATIONS, type UsersFile } from './users.ts';

const pbkdf2Async = promisify(pbkdf2);

/**
 * A hash of the current strength that no password matches: a random 64-byte "hash", so that
 * making it costs no PBKDF2 run on the event loop (at 210,000 iterations that would stall it).
 */
const DUMMY_HASH = `$7$${KDF_ITERATIONS}$${randomBytes(12).toString('base64')}$${randomBytes(64).toString('base64')}`;

/** Checks a password against a Mosquitto hash ($7$ PBKDF2-SHA512, or the older salted $6$ SHA-512), off the event loop. */
export async function verifyHash(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  let expected: Buffer;
  let actual: Buffer;
  if (parts[1] === '7' && parts.length === 5) {
    const iterations = Number(parts[2]);
    if (!Number.isInteger(iterations) || iterations < 1) return false;
    expected = Buffer.from(parts[4]!, 'base64');
    actual = await pbkdf2Async(password, Buffer.from(parts[3]!, 'base64'), iterations, expected.length, 'sha512');
  } else if (parts[1] === '6' && parts.length === 4) {
    expected = Buffer.from(parts[3]!, 'base64');
    actual = createHash('sha512').update(password).update(Buffer.from(parts[2]!, 'base64')).digest();
  } else return false;
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The work of checking `password` against a hash of the current strength, for nothing: where a
 * broker refuses an unknown login at once (Mosquitto), the gate spends it before answering.
 */
export async function unknownLoginWork(password: string | Buffer): Promise<void> {
  await verifyHash(DUMMY_HASH, Buffer.isBuffer(password) ? password.toString('utf8') : password);
}

/** Whether `name` is a login of the file with this password; the same work whether it exists or not. */
export async function verifyLogin(users: UsersFile, name: string | undefined, password: string): Promise<boolean> {
  const stored = name === undefined ? undefined : users.hashes.get(name);
  const ok = await verifyHash(stored ?? DUMMY_HASH, password);
  return stored !== undefined && ok;
}

export interface LoginGuardOptions {
  /** Failures allowed before back-off starts (per login and per address). */
  freeFailures?: number;
  /** The first back-off; it doubles with each further failure. */
  baseDelayMs?: number;
  /** Failures after which the key is locked out for `lockMs`. */
  lockAfter?: number;
  lockMs?: number;
  now?: () => number;
}

interface Strikes {
  failures: number;
  /** No attempt is answered before this time. */
  until: number;
  /** The latest failure: a key is dropped only after `lockMs` without one, not just past its wait. */
  last: number;
}

export type GuardVerdict = { ok: true } | { ok: false; retryAfterMs: number; locked: boolean };

/**
 * Failure counters per login and per address. A key with more than `freeFailures` failures must
 * wait `baseDelayMs · 2^(n − freeFailures − 1)` before its next attempt is even checked; at
 * `lockAfter` failures it is locked for `lockMs`. A success clears the login's and the address's
 * counters. Counters of keys quiet for `lockMs` are dropped, so the table stays small.
 */
export class LoginGuard {
  private readonly strikes = new Map<string, Strikes>();
  private readonly o: Required<LoginGuardOptions>;
  /** Attempts refused without a check, and logins locked, since start. */
  readonly stats = { refused: 0, failures: 0, lockouts: 0 };

  constructor(o: LoginGuardOptions = {}) {
    this.o = { freeFailures: 5, baseDelayMs: 500, lockAfter: 20, lockMs: 15 * 60_000, now: Date.now, ...o };
  }

  /** Whether an attempt for this login from this address may be checked now. */
  check(login: string | undefined, address: string): GuardVerdict {
    const now = this.o.now();
    let wait = 0;
    let locked = false;
    for (const key of this.keys(login, address)) {
      const s = this.strikes.get(key);
      if (!s || s.until <= now) continue;
      wait = Math.max(wait, s.until - now);
      locked ||= s.failures >= this.o.lockAfter;
    }
    if (wait === 0) return { ok: true };
    this.stats.refused++;
    return { ok: false, retryAfterMs: wait, locked };
  }

  failed(login: string | undefined, address: string): void {
    const now = this.o.now();
    this.stats.failures++;
    this.prune(now);
    for (const key of this.keys(login, address)) {
      const s = this.strikes.get(key) ?? { failures: 0, until: 0, last: now };
      s.failures++;
      s.last = now;
      if (s.failures >= this.o.lockAfter) {
        if (s.failures === this.o.lockAfter) this.stats.lockouts++;
        s.until = now + this.o.lockMs;
      } else if (s.failures > this.o.freeFailures) s.until = now + this.o.baseDelayMs * 2 ** (s.failures - this.o.freeFailures - 1);
      this.strikes.set(key, s);
    }
  }

  succeeded(login: string | undefined, address: string): void {
    for (const key of this.keys(login, address)) this.strikes.delete(key);
  }

  private keys(login: string | undefined, address: string): string[] {
    return login === undefined ? [`a:${address}`] : [`u:${login}`, `a:${address}`];
  }

  private prune(now: number): void {
    if (this.strikes.size < 10_000) return;
    for (const [key, s] of this.strikes) if (Math.max(s.until, s.last) + this.o.lockMs < now) this.strikes.delete(key);
  }
}
