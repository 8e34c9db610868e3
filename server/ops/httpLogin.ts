/**
 * The login check of the operations service's HTTP API (HTTP Basic credentials, the same users
 * file as the brokers): operators, the service and the case loop's people may use it, and each
 * answer says who signed in, with what role and reach, for the routes to check.
 *
 *   - Every attempt goes through `verifyLogin`, the same work for an unknown login as for a wrong
 *     password, so answers tell no names.
 *   - `LoginGuard` slows, then locks out, a login or an address (the request's remote address)
 *     after repeated failures: a refused attempt is answered 429 with Retry-After, unchecked.
 *     Attempts that need a check run one at a time, so a burst of guesses in parallel meets the
 *     guard as a sequence would, not all before the first failure is counted.
 *   - A verified login is remembered, so PBKDF2 runs once per login rather than per request, but
 *     only while the users file still holds that login with that hash and an API role: the file's
 *     two parts are looked at (stat) on every request and read again when either changed, so a
 *     removed login or a changed password is refused at once.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoginGuard, verifyLogin } from './loginGuard.ts';
import { readUsers, usersPaths, type Role, type Scope, type UsersFile } from './users.ts';

const API_ROLES: ReadonlySet<Role | undefined> = new Set(['operator', 'service', 'hotline', 'dispatcher', 'handler', 'inspector', 'supervisor']);

/** Who a request is from, as the users file says now. */
export interface ApiLogin extends Scope {
  name: string;
  role: Role;
}

type Verdict = { ok: true; name: string } | { ok: false; retryAfterMs?: number };

export class HttpLogins {
  /** For the service's diagnostics: attempts checked, refused by the guard (429), and so on. */
  readonly stats = { checked: 0, accepted: 0, failed: 0, tooMany: 0, usersReloads: 0 };
  private users: UsersFile | null = null;
  private usersVersion = '';
  /** Credentials verified against the current users file: a digest of the header → the login and the hash it matched. */
  private readonly verified = new Map<string, { name: string; hash: string }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly usersDir: string,
    readonly guard = new LoginGuard(),
  ) {}

  /** The login of a request with an API login; otherwise answers it (401 or 429) and resolves null. */
  async authorise(req: IncomingMessage, res: ServerResponse): Promise<ApiLogin | null> {
    const verdict = await this.check(req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
    // The role and scope as the users file has them now: an edit takes effect at the next request.
    if (verdict.ok) return { name: verdict.name, role: this.users!.roles.get(verdict.name)!, ...this.users!.scopes.get(verdict.name) };
    if (verdict.retryAfterMs !== undefined) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      res.writeHead(429, { 'Retry-After': String(seconds), 'Content-Type': 'text/plain; charset=utf-8' }).end(`too many failed logins: try again in ${seconds} s`);
    } else {
      // Not `Basic`, so that a browser shows no login dialog of its own: the page signs in itself.
      res.writeHead(401, { 'WWW-Authenticate': 'CantonOperator realm="operations"', 'Content-Type': 'text/plain; charset=utf-8' }).end('an operator login is required');
    }
    return null;
  }

  private async check(header: string | undefined, address: string): Promise<Verdict> {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!m) return { ok: false };
    const key = createHash('sha256').update(m[1]!).digest('base64');
    await this.currentUsers();
    const known = this.verified.get(key);
    if (known) return { ok: true, name: known.name };
    const run = this.queue.then(() => this.verify(key, m[1]!, address));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One attempt, checked by the guard and then by `verifyLogin`; never two at once. */
  private async verify(key: string, credentials: string, address: string): Promise<Verdict> {
    const users = await this.currentUsers();
    // The same login may have been verified while this attempt waited its turn.
    const known = this.verified.get(key);
    if (known) return { ok: true, name: known.name };
    const text = Buffer.from(credentials, 'base64').toString('utf8');
    const at = text.indexOf(':');
    const name = at > 0 ? text.slice(0, at) : undefined;
    const guarded = this.guard.check(name, address);
    if (!guarded.ok) {
      this.stats.tooMany++;
      return { ok: false, retryAfterMs: guarded.retryAfterMs };
    }
    this.stats.checked++;
    if (!(await verifyLogin(users, name, at > 0 ? text.slice(at + 1) : ''))) {
      this.stats.failed++;
      this.guard.failed(name, address);
      return { ok: false };
    }
    // A right password of a login without the API (the public viewer's) is no failure, and no
    // success either: it must not clear the counters of the address it comes from.
    if (!API_ROLES.has(users.roles.get(name!))) return { ok: false };
    this.guard.succeeded(name, address);
    this.stats.accepted++;
    this.verified.set(key, { name: name!, hash: users.hashes.get(name!)! });
    return { ok: true, name: name! };
  }

  /** The users file as it is now: read again when its passwd or acl changed, dropping verifications it no longer backs. */
  private async currentUsers(): Promise<UsersFile> {
    const { passwdPath, aclPath } = usersPaths(this.usersDir);
    const versions = await Promise.all(
      [passwdPath, aclPath].map((path) =>
        stat(path).then(
          (s) => `${s.ino}:${s.mtimeMs}:${s.size}`,
          () => 'absent',
        ),
      ),
    );
    const version = versions.join('/');
    if (this.users && version === this.usersVersion) return this.users;
    const users = readUsers(this.usersDir);
    this.users = users;
    this.usersVersion = version;
    this.stats.usersReloads++;
    for (const [key, v] of this.verified) if (users.hashes.get(v.name) !== v.hash || !API_ROLES.has(users.roles.get(v.name))) this.verified.delete(key);
    return users;
  }
}
