/**
 * The users file (server/ops/users.ts) and `npm run users`: the password policy, new hashes at
 * the current PBKDF2 count while older Mosquitto hashes keep working until replaced, and the
 * owner-only modes of the folder and every file in it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLogin } from '../../server/ops/loginGuard.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../server/ops/passwordPolicy.ts';
import { addLogins, isCurrentHash, KDF_ITERATIONS, newPassword, readUsers, usersPaths, type TopicSpace } from '../../server/ops/users.ts';
import { ensureStackUsers } from '../../scripts/live/stack.ts';
import { MOSQUITTO_HASHES } from '../harness/mosquittoHashes.ts';

const TOPICS: TopicSpace = { city: 'city/guangzhou', ops: 'ops/guangzhou' };
const GOOD = 'Pearl-River-tide-42';
const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'canton-users-test-'));
  dirs.push(dir);
  return join(dir, 'mqtt');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the password policy', () => {
  it.each([
    ['123456', 'zhang', /at least 12 characters \(this one has 6\)/],
    ['short-Pw1', 'zhang', /at least 12 characters \(this one has 9\)/],
    ['abcdefghijklmnop', 'zhang', /two kinds/],
    ['1234567890123', 'zhang', /two kinds/],
    ['PASSWORDPASSWORD', 'zhang', /two kinds/],
    ['password1234', 'zhang', /well-known/],
    ['P@ssw0rd2024!', 'zhang', /well-known/],
    ['Qwerty123456', 'zhang', /well-known/],
    ['1qaz2wsx3edc', 'zhang', /well-known/],
    ['!!Iloveyou2025', 'zhang', /well-known/],
    ['duty-officer-7', 'duty-officer-7', /login name/],
    ['DUTY-OFFICER-7', 'duty-officer-7', /login name/],
    ['zhangwei2024!!', 'zhangwei', /login name/],
  ])('refuses %j for %s', (password, login, message) => {
    const problem = passwordProblem(password, login);
    expect(problem).toMatch(message);
    // The message never repeats the password.
    expect(problem).not.toContain(password);
  });

  it.each([[GOOD], ['correct horse battery staple'], ['zhang-duty-pw-2'], ['珠江新城-夜班-2024']])('accepts %j', (password) => {
    expect(passwordProblem(password, 'zhang')).toBeNull();
  });

  it('is met by every generated password', () => {
    for (let i = 0; i < 500; i++) {
      const p = newPassword();
      expect(p.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(passwordProblem(p, 'zhang')).toBeNull();
    }
  });

  it('is enforced by addLogins, which then writes none of the batch', () => {
    const dir = freshDir();
    addLogins(dir, [{ name: 'li', role: 'operator', password: GOOD }], TOPICS);
    const before = readFileSync(usersPaths(dir).passwdPath, 'utf8');
    expect(() =>
      addLogins(
        dir,
        [
          { name: 'wang', role: 'operator', password: 'Another-good-one-9' },
          { name: 'operator', role: 'operator', password: '123456' },
        ],
        TOPICS,
      ),
    ).toThrow('"operator": a password needs at least 12 characters (this one has 6)');
    expect(readFileSync(usersPaths(dir).passwdPath, 'utf8')).toBe(before);
    expect([...readUsers(dir).roles.keys()]).toEqual(['li']);
  });
});

const run = promisify(execFile);
/** `npm run users -- …` on a users folder of its own. */
async function users(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/users.ts', ...args], { env: { ...process.env, CANTON_USERS_DIR: dir } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run users', () => {
  it('refuses `add operator weak --password 123456`, says why and writes nothing', async () => {
    const dir = freshDir();
    const r = await users(dir, 'add', 'operator', 'weak', '--password', '123456');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"weak": a password needs at least 12 characters');
    expect(`${r.stdout}${r.stderr}`).not.toContain('123456');
    expect(existsSync(usersPaths(dir).passwdPath)).toBe(false);
  }, 60_000);

  it('adds a login with a good password and lists older hashes as weaker', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(usersPaths(dir).passwdPath, `legacy:${MOSQUITTO_HASHES.pbkdf2At1000.hash}\n`);
    writeFileSync(usersPaths(dir).aclPath, '# role: viewer\nuser legacy\ntopic read city/guangzhou/#\n');
    expect((await users(dir, 'add', 'operator', 'zhang', '--password', GOOD)).code).toBe(0);
    const list = await users(dir, 'list');
    expect(list.stdout.trim().split('\n')).toEqual(['viewer    legacy  (older, weaker hash: add the login again to upgrade it)', 'operator  zhang']);
  }, 60_000);
});

describe('the hashes', () => {
  it(`are PBKDF2-SHA512 at ${KDF_ITERATIONS} iterations, in the $7$ format Mosquitto reads`, async () => {
    // OWASP's current figure for PBKDF2-HMAC-SHA512.
    expect(KDF_ITERATIONS).toBeGreaterThanOrEqual(210_000);
    const dir = freshDir();
    const file = addLogins(dir, [{ name: 'zhang', role: 'operator', password: GOOD }], TOPICS);
    const [, kind, iterations, salt, hash] = file.hashes.get('zhang')!.split('$');
    expect([kind, Number(iterations), Buffer.from(salt!, 'base64').length, Buffer.from(hash!, 'base64').length]).toEqual(['7', KDF_ITERATIONS, 12, 64]);
    expect(isCurrentHash(file.hashes.get('zhang')!)).toBe(true);
    expect(await verifyLogin(file, 'zhang', GOOD)).toBe(true);
  });

  it('keep older hashes working through a rewrite, and upgrade one when its password is set again', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const old = Object.entries(MOSQUITTO_HASHES);
    writeFileSync(usersPaths(dir).passwdPath, old.map(([name, { hash }]) => `${name}:${hash}`).join('\n'));
    writeFileSync(usersPaths(dir).aclPath, old.map(([name]) => `# role: viewer\nuser ${name}\n`).join('\n'));
    let file = addLogins(dir, [{ name: 'zhang', role: 'operator', password: GOOD }], TOPICS);
    for (const [name, { hash, password }] of old) {
      expect(file.hashes.get(name)).toBe(hash);
      expect(isCurrentHash(hash)).toBe(false);
      expect(await verifyLogin(file, name, password)).toBe(true);
    }
    file = addLogins(dir, [{ name: 'pbkdf2At1000', role: 'viewer', password: 'A-fresh-viewer-pass' }], TOPICS);
    expect(file.hashes.get('pbkdf2At1000')).toMatch(new RegExp(`^\\$7\\$${KDF_ITERATIONS}\\$`));
    expect(await verifyLogin(file, 'pbkdf2At1000', 'A-fresh-viewer-pass')).toBe(true);
    expect(await verifyLogin(file, 'pbkdf2At1000', MOSQUITTO_HASHES.pbkdf2At1000.password)).toBe(false);
  });
});

describe('the modes', () => {
  it('keep a new users folder and its files to their owner', () => {
    const dir = freshDir();
    addLogins(dir, [{ name: 'zhang', role: 'operator', password: GOOD }], TOPICS);
    expect([mode(dir), mode(usersPaths(dir).passwdPath), mode(usersPaths(dir).aclPath)]).toEqual([0o700, 0o600, 0o600]);
  });

  it('close a folder and files left readable by an older version, and a stale temporary file', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const { passwdPath, aclPath } = usersPaths(dir);
    for (const path of [passwdPath, aclPath, `${passwdPath}.tmp`]) writeFileSync(path, '', { mode: 0o644 });
    chmodSync(dir, 0o755);
    addLogins(dir, [{ name: 'zhang', role: 'operator', password: GOOD }], TOPICS);
    expect([mode(dir), mode(passwdPath), mode(aclPath)]).toEqual([0o700, 0o600, 0o600]);
  });

  it("keep the stack's users folder and its credentials to their owner", () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    ensureStackUsers(dir);
    expect([mode(dir), mode(usersPaths(dir).passwdPath), mode(usersPaths(dir).aclPath), mode(join(dir, 'credentials.json'))]).toEqual([0o700, 0o600, 0o600, 0o600]);
    // A second start, with every login present, rewrites the ACL only: the modes hold.
    chmodSync(dir, 0o755);
    ensureStackUsers(dir);
    expect([mode(dir), mode(usersPaths(dir).passwdPath), mode(usersPaths(dir).aclPath)]).toEqual([0o700, 0o600, 0o600]);
  });
});
