/**
 * The password policy of `npm run users` and of every login written to the users file: a
 * password guessed in a few thousand tries is refused, since a login is all that stands between
 * the network and an operator's acknowledgements. The rules, each with its own message:
 *   - at least MIN_PASSWORD_LENGTH characters;
 *   - characters of at least two kinds (lower case, upper case, digits, others);
 *   - not a well-known password, nor one with digits or symbols around it or with letters
 *     swapped for look-alikes (`P@ssw0rd2024!` is `password`);
 *   - not the login name, nor the login with digits or symbols around it.
 */

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Well-known passwords and their stems: the head of the public lists of leaked passwords, keyboard
 * walks, and the stems people pad to a required length. Lower case; a stem here also refuses
 * itself with digits or symbols added around it.
 */
const COMMON = new Set([
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111', '000000', '654321',
  '123321', '666666', '888888', '121212', '112233', '123654', '987654321', '1234', '5201314', '1314520',
  'password', 'passw0rd', 'pass', 'passwort', 'motdepasse', 'secret', 'admin', 'administrator', 'root', 'toor',
  'qwerty', 'qwertz', 'azerty', 'qwertyuiop', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', 'qazwsx',
  '1q2w3e', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx', 'qwe123', 'qweasd', 'qweasdzxc',
  'abc', 'abcd', 'abcdef', 'abcdefg', 'abcdefgh', 'abc123', 'a1b2c3', 'a1b2c3d4', 'passport', 'matrix',
  'iloveyou', 'woaini', 'woaini1314', 'princess', 'sunshine', 'dragon', 'monkey', 'shadow', 'master', 'superman',
  'batman', 'football', 'baseball', 'soccer', 'hockey', 'michael', 'jennifer', 'jordan', 'hunter', 'charlie',
  'letmein', 'welcome', 'login', 'hello', 'freedom', 'whatever', 'trustno', 'starwars', 'pokemon', 'computer',
  'changeme', 'default', 'guest', 'test', 'tester', 'testing', 'user', 'operator', 'mosquitto', 'mqtt',
  'guangzhou', 'canton', 'china', 'beijing', 'shanghai', 'iloveu', 'lovely', 'flower', 'killer', 'ninja',
]);

/** Look-alike digits and symbols, read back as the letters they stand for. */
const LOOK_ALIKES: Record<string, string> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '1': 'i', '!': 'i', '0': 'o', $: 's', '5': 's', '7': 't' };

/** The password as people build it from a word: lower case, with the padding around it taken off, and plain letters for look-alikes. */
function stems(password: string): string[] {
  const lower = password.toLowerCase();
  // Padding: digits and symbols before the first letter and after the last.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const plain = [...core].map((c) => LOOK_ALIKES[c] ?? c).join('');
  return [lower, core, plain];
}

function kinds(password: string): number {
  const tests = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return tests.filter((t) => t.test(password)).length;
}

/** Why this password may not be set for this login, or null when it may. Never repeats the password. */
export function passwordProblem(password: string, login?: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length})`;
  if (kinds(password) < 2) return 'a password needs at least two kinds of characters (lower case, upper case, digits, symbols)';
  const forms = stems(password);
  if (login !== undefined && forms.includes(login.toLowerCase())) return 'a password must not be the login name, with or without digits or symbols around it';
  if (forms.some((f) => COMMON.has(f))) return 'this is a well-known password (or one with digits or symbols added): choose another, or let `npm run users` make one';
  return null;
}
