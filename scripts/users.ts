/**
 * `npm run users -- <command>`: manages the MQTT users file both brokers read (var/mqtt, or
 * CANTON_USERS_DIR). A running `npm start` rereads it at once.
 *
 *   npm run users -- add operator zhang        a duty officer (prints a fresh password)
 *   npm run users -- add device WL-0150        a gauge: may publish its own sensor's topic only
 *   npm run users -- add viewer wall-1 --password …
 *   npm run users -- add handler lin --department water      a department's case handler
 *   npm run users -- add inspector liu --cells C1,C2         a grid inspector of those cells
 *   npm run users -- remove zhang
 *   npm run users -- list                      flags logins whose hash predates the current KDF strength
 *
 * A password given with --password must meet the policy of server/ops/passwordPolicy.ts (12
 * characters or more, two kinds, not well known, not the login); a refused one changes nothing.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TOPICS } from './live/stack.ts';
import { addLogins, isCurrentHash, newPassword, readUsers, removeLogin, roleRules, ROLES, type Role } from '../server/ops/users.ts';

const root = join(fileURLToPath(import.meta.url), '../..');
const dir = process.env.CANTON_USERS_DIR ?? join(root, 'var', 'mqtt');
const { positionals, values } = parseArgs({ allowPositionals: true, options: { password: { type: 'string' }, department: { type: 'string' }, cells: { type: 'string' } } });
const [command, ...rest] = positionals;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

switch (command) {
  case 'add': {
    const [role, name] = rest;
    if (!role || !(ROLES as readonly string[]).includes(role) || !name) fail(`usage: npm run users -- add <${ROLES.join('|')}> <name> [--password …] [--department D] [--cells C1,C2]`);
    const password = values.password ?? newPassword();
    try {
      addLogins(dir, [{ name, role: role as Role, password, department: values.department, cells: values.cells?.split(',') }], TOPICS);
    } catch (e) {
      fail((e as Error).message);
    }
    console.log(`${role} ${name} added to ${dir}`);
    if (!values.password) console.log(`password (shown once): ${password}`);
    console.log(`may: ${roleRules(role as Role, name, TOPICS).join('; ')}`);
    break;
  }
  case 'remove': {
    const [name] = rest;
    if (!name) fail('usage: npm run users -- remove <name>');
    if (!removeLogin(dir, name, TOPICS)) fail(`${name}: no such login in ${dir}`);
    console.log(`${name} removed from ${dir}`);
    break;
  }
  case 'list': {
    const users = readUsers(dir);
    for (const [name, role] of users.roles) {
      const hash = users.hashes.get(name);
      const note = hash === undefined ? '  (no password)' : isCurrentHash(hash) ? '' : '  (older, weaker hash: add the login again to upgrade it)';
      console.log(`${role.padEnd(9)} ${name}${note}`);
    }
    break;
  }
  default:
    fail('usage: npm run users -- add <role> <name> | remove <name> | list');
}
