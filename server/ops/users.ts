/**
 * The MQTT users file, as both brokers read it: a folder with
 *   passwd  Mosquitto's password file (`name:$7$iterations$salt$hash`, PBKDF2-SHA512, as
 *           `mosquitto_passwd` writes it), read by Mosquitto's `password_file` and by our Aedes;
 *   acl     Mosquitto's `acl_file`, written from each login's role, read by both the same way.
 * Each login's role is the comment above its block in the ACL, so the file is its own record.
 *
 * Roles, least privilege each:
 *   viewer    reads the city's topics (sensors, alarms), publishes nothing;
 *   operator  reads the city's topics, publishes commands under its own name only;
 *   device    publishes its own sensor's readings only (WL-0150 cannot publish as WL-0151);
 *   gateway   publishes every sensor's readings, the departments' vital signs, cases and the crowds'
 *             signalling and gate counts (the simulator, a field gateway);
 *   service   the operations service: reads readings, commands, the crowd feed and $SYS, publishes
 *             alarms, results, the vital signs it derives, the venues' crowds (their records,
 *             and their readings on sensor/crowd/#) and the case loop's cases;
 *   relay     the conflating relay (server/mqtt/relay.ts): reads the readings, publishes their batches;
 *   hotline, dispatcher, handler, inspector, supervisor
 *             the case loop's people (src/domains/cases): they read the city's topics, as a viewer,
 *             and take their steps through the service's HTTP API only. A handler is tied to one
 *             department and an inspector to their grid cells: the role's comment carries it
 *             (`# role: handler department=water`, `# role: inspector cells=C1,C2`).
 * Anonymous clients (lines before the first `user`) may read the city's topics, when the broker
 * lets them in at all (`allow_anonymous`, on only for the loopback-bound default).
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGIN_NAME } from '../../src/live/opsContract.ts';
import { passwordProblem } from './passwordPolicy.ts';

export const ROLES = ['viewer', 'operator', 'device', 'gateway', 'service', 'relay', 'hotline', 'dispatcher', 'handler', 'inspector', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** What a login's reach is tied to: a handler's department, an inspector's cells. */
export interface Scope {
  department?: string;
  cells?: readonly string[];
}

export interface Login extends Scope {
  name: string;
  role: Role;
}

const SCOPE_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;

/** The scope as the role's comment carries it (` department=water`, ` cells=C1,C2`), or a reason it cannot. */
function scopeText(role: Role, s: Scope): string {
  if (role === 'handler' && !(s.department && SCOPE_VALUE.test(s.department))) throw new Error('a handler is tied to one department (letters, digits, _ . or -)');
  if (role === 'inspector' && !(s.cells && s.cells.length > 0 && s.cells.every((c) => SCOPE_VALUE.test(c)))) throw new Error('an inspector is tied to one or more grid cells');
  if (role === 'handler') return ` department=${s.department}`;
  if (role === 'inspector') return ` cells=${s.cells!.join(',')}`;
  return '';
}

function parseScope(text: string): Scope {
  const scope: { department?: string; cells?: string[] } = {};
  for (const [, key, value] of text.matchAll(/ (department|cells)=(\S+)/g)) {
    if (key === 'department') scope.department = value!;
    else scope.cells = value!.split(',').filter(Boolean);
  }
  return scope;
}

export interface TopicSpace {
  /** `city/guangzhou`: sensors, alarms and service instances. */
  city: string;
  /** `ops/guangzhou`: commands and their results. */
  ops: string;
}

/** The ACL lines of a role, for one login. */
export function roleRules(role: Role, name: string, t: TopicSpace): string[] {
  switch (role) {
    case 'viewer':
      return [`topic read ${t.city}/#`];
    case 'operator':
      return [`topic read ${t.city}/#`, `topic write ${t.ops}/command/${name}`, `topic read ${t.ops}/result/${name}`];
    case 'device':
      return [`topic write ${t.city}/sensor/+/${name}`];
    case 'gateway':
      return [`topic write ${t.city}/sensor/#`, `topic read ${t.city}/sensor/#`, `topic write ${t.city}/sign/#`, `topic write ${t.city}/case/#`, `topic write ${t.city}/crowd/signal/#`, `topic write ${t.city}/crowd/gates`];
    case 'relay':
      return [`topic read ${t.city}/sensor/#`, `topic write ${t.city}/batch/#`];
    case 'hotline':
    case 'dispatcher':
    case 'handler':
    case 'inspector':
    case 'supervisor':
      return [`topic read ${t.city}/#`];
    case 'service':
      return [`topic read ${t.city}/sensor/#`, `topic write ${t.city}/sensor/crowd/#`, `topic read ${t.city}/crowd/#`, `topic readwrite ${t.city}/crowd/venue/#`, `topic readwrite ${t.city}/sign/#`, `topic readwrite ${t.city}/alarm/#`, `topic write ${t.city}/violation/#`, `topic readwrite ${t.city}/case/#`, `topic readwrite ${t.city}/ops/#`, `topic read ${t.ops}/command/#`, `topic write ${t.ops}/result/#`, `topic readwrite ${t.ops}/route/#`, 'topic read $SYS/#'];
  }
}

/**
 * PBKDF2-HMAC-SHA512 iterations of a new hash: OWASP's figure for this KDF (Password Storage Cheat
 * Sheet, 2023). Mosquitto 2.0.11's password_file reads two formats only, `$6$salt$hash` (one
 * salted SHA-512) and `$7$iterations$salt$hash` (PBKDF2-SHA512, a 12-byte salt, a 64-byte hash,
 * any count ≥ 1): no scrypt, no argon2 (it drops an `$argon2id$` line as "Invalid password hash
 * type"), so this is the strongest format both brokers share. `mosquitto_passwd` writes 101 unless
 * given the undocumented `-I`. Measured: one connect to Mosquitto at this count took 0.17–0.23 s
 * on this 2-core machine under load; Mosquitto hashes on its one thread, so each login attempt
 * costs it that much.
 */
export const KDF_ITERATIONS = 210_000;

/** Whether a stored hash is as strong as a new one; a weaker one is replaced when its password is next set. */
export function isCurrentHash(stored: string): boolean {
  const [, kind, iterations] = stored.split('$');
  return kind === '7' && Number(iterations) >= KDF_ITERATIONS;
}

/** Hashes a password as `mosquitto_passwd` does ($7$: PBKDF2-SHA512, 12-byte salt). */
export function hashPassword(password: string, iterations = KDF_ITERATIONS): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface UsersFile {
  dir: string;
  passwdPath: string;
  aclPath: string;
  /** Login → password hash. */
  hashes: Map<string, string>;
  /** Login → role, in file order. */
  roles: Map<string, Role>;
  /** Login → what its reach is tied to (handlers and inspectors). */
  scopes: Map<string, Scope>;
}

export const usersPaths = (dir: string): { passwdPath: string; aclPath: string } => ({ passwdPath: join(dir, 'passwd'), aclPath: join(dir, 'acl') });

export function readUsers(dir: string): UsersFile {
  const { passwdPath, aclPath } = usersPaths(dir);
  const hashes = new Map<string, string>();
  if (existsSync(passwdPath)) {
    for (const line of readFileSync(passwdPath, 'utf8').split('\n')) {
      const at = line.indexOf(':');
      if (at > 0) hashes.set(line.slice(0, at), line.slice(at + 1).trim());
    }
  }
  const roles = new Map<string, Role>();
  const scopes = new Map<string, Scope>();
  if (existsSync(aclPath)) {
    let role: Role | null = null;
    let scope: Scope = {};
    for (const raw of readFileSync(aclPath, 'utf8').split('\n')) {
      const line = raw.trim();
      const r = /^# role: (\w+)(.*)$/.exec(line);
      if (r) {
        role = (ROLES as readonly string[]).includes(r[1]!) ? (r[1] as Role) : null;
        scope = parseScope(r[2]!);
      }
      const u = /^user (\S+)$/.exec(line);
      if (u && role) {
        roles.set(u[1]!, role);
        if (scope.department || scope.cells) scopes.set(u[1]!, scope);
      }
    }
  }
  return { dir, passwdPath, aclPath, hashes, roles, scopes };
}

/** Writes both files from the logins, their hashes and scopes (atomically, each). */
export function writeUsers(dir: string, file: Pick<UsersFile, 'hashes' | 'roles' | 'scopes'>, topics: TopicSpace, anonymousRead = true): void {
  const { hashes, roles, scopes } = file;
  // Owner only: the hashes can be attacked offline and the ACL maps the logins. Mosquitto, which
  // drops to its own user, reads copies that startMosquitto makes for it.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const { passwdPath, aclPath } = usersPaths(dir);
  const passwd = [...roles.keys()].filter((n) => hashes.has(n)).map((n) => `${n}:${hashes.get(n)}`);
  const acl = [
    '# Canton Twin MQTT ACL (mosquitto acl_file format), written by `npm run users`: edit roles with it, not by hand.',
    '# Anonymous clients, where the broker admits them (allow_anonymous): read the city only.',
    ...(anonymousRead ? [`topic read ${topics.city}/#`] : []),
    '',
    ...[...roles].flatMap(([name, role]) => [`# role: ${role}${scopeText(role, scopes.get(name) ?? {})}`, `user ${name}`, ...roleRules(role, name, topics), '']),
  ];
  writeAtomic(passwdPath, `${passwd.join('\n')}\n`);
  writeAtomic(aclPath, acl.join('\n'));
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  // A temporary file left by an interrupted write keeps its old mode through writeFileSync.
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * Adds or replaces logins; returns the users file. Names must be valid MQTT login names and
 * passwords must meet the policy (passwordPolicy.ts); one refused login writes none of them.
 */
export function addLogins(dir: string, logins: readonly (Login & { password: string })[], topics: TopicSpace): UsersFile {
  for (const l of logins) {
    if (!LOGIN_NAME.test(l.name)) throw new Error(`"${l.name}": a login is 1–64 letters, digits, _ . or -`);
    const problem = passwordProblem(l.password, l.name);
    if (problem) throw new Error(`"${l.name}": ${problem}`);
    try {
      scopeText(l.role, l);
    } catch (e) {
      throw new Error(`"${l.name}": ${(e as Error).message}`, { cause: e });
    }
  }
  const file = readUsers(dir);
  for (const l of logins) {
    file.hashes.set(l.name, hashPassword(l.password));
    file.roles.set(l.name, l.role);
    if (l.department || l.cells) file.scopes.set(l.name, { department: l.department, cells: l.cells });
    else file.scopes.delete(l.name);
  }
  writeUsers(dir, file, topics);
  return readUsers(dir);
}

export function removeLogin(dir: string, name: string, topics: TopicSpace): boolean {
  const file = readUsers(dir);
  if (!file.roles.delete(name)) return false;
  file.hashes.delete(name);
  file.scopes.delete(name);
  writeUsers(dir, file, topics);
  return true;
}

/** A fresh password: 144 random bits, drawn again in the rare case that the policy's kinds rule refuses it. */
export function newPassword(): string {
  let password: string;
  do password = randomBytes(18).toString('base64url');
  while (passwordProblem(password) !== null);
  return password;
}

// ---- the ACL, as Mosquitto applies it ----

type Access = 'read' | 'write';

interface Rule {
  access: 'read' | 'write' | 'readwrite' | 'deny';
  topic: string;
  pattern: boolean;
}

export interface Acl {
  anonymous: Rule[];
  users: Map<string, Rule[]>;
  patterns: Rule[];
}

/** Parses a Mosquitto acl_file: `topic`, `user` and `pattern` lines (%u and %c in patterns). */
export function parseAcl(text: string): Acl {
  const acl: Acl = { anonymous: [], users: new Map(), patterns: [] };
  let current: Rule[] = acl.anonymous;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'user') {
      current = [];
      acl.users.set(rest.join(' '), current);
      continue;
    }
    if (word !== 'topic' && word !== 'pattern') continue;
    const access = rest[0] === 'read' || rest[0] === 'write' || rest[0] === 'readwrite' || rest[0] === 'deny' ? rest.shift()! : 'readwrite';
    const rule: Rule = { access: access as Rule['access'], topic: rest.join(' '), pattern: word === 'pattern' };
    (word === 'pattern' ? acl.patterns : current).push(rule);
  }
  return acl;
}

/** Whether an MQTT topic filter (with + and #) matches a topic. `$` topics need a filter naming them. */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Whether a login (null: anonymous) may read or write a topic, as Mosquitto decides: a matching
 * deny rule wins; otherwise any matching rule with the access grants it. The rules are gathered
 * once per client and the answers cached per topic, since the broker asks for every message.
 */
export function aclChecker(acl: Acl, user: string | null, clientId: string, access: Access): (topic: string) => boolean {
  const rules = user === null ? acl.anonymous : [...(acl.users.get(user) ?? []), ...acl.patterns.map((r) => ({ ...r, topic: r.topic.replaceAll('%u', user).replaceAll('%c', clientId) }))];
  const cache = new Map<string, boolean>();
  return (topic) => {
    let answer = cache.get(topic);
    if (answer !== undefined) return answer;
    answer = false;
    for (const r of rules) {
      if (!topicMatches(r.topic, topic)) continue;
      if (r.access === 'deny') {
        answer = false;
        break;
      }
      if (r.access === 'readwrite' || r.access === access) answer = true;
    }
    if (cache.size > 100_000) cache.clear();
    cache.set(topic, answer);
    return answer;
  };
}

/** Whether a subscription filter could deliver anything the login may read (Mosquitto then checks each message). */
export function aclMaySubscribe(acl: Acl, user: string | null, filter: string): boolean {
  const own = user === null ? acl.anonymous : [...(acl.users.get(user) ?? []), ...acl.patterns.map((r) => ({ ...r, topic: r.topic.replaceAll('%u', user) }))];
  return own.some((r) => (r.access === 'read' || r.access === 'readwrite') && filtersOverlap(r.topic, filter));
}

function filtersOverlap(a: string, b: string): boolean {
  if (a.startsWith('$') !== b.startsWith('$')) return false;
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '#' || y[i] === '#') return true;
    if (x[i] === undefined || y[i] === undefined) return false;
    if (x[i] !== '+' && y[i] !== '+' && x[i] !== y[i]) return false;
  }
  return true;
}
