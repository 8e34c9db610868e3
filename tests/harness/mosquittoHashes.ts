/**
 * Hashes written by Mosquitto's own tool (mosquitto_passwd 2.0.11, Debian 12), with their
 * passwords: the older formats a users file may still hold, checked against our reader.
 */
export const MOSQUITTO_HASHES = {
  /** `-H sha512`: one salted SHA-512, Mosquitto 1.6 and earlier. */
  sha512: { password: 'legacy-sha512-pw', hash: '$6$xgq9h6GepLdVFF6s$84uzP2/I5ftW4zRiVjeUaLWJ9lGblEKcwtK5LpQWxbbaaTkjCw9o4/5m4tunR72W6717MLbmttqPswBxbOLsvw==' },
  /** The default: PBKDF2-SHA512 at 101 iterations. */
  pbkdf2At101: { password: 'legacy-pbkdf2-pw', hash: '$7$101$p3H/EE9UdOAPw+ej$0Cth9kSH3wS0s32rrigfXg0KDbisJ57iuGKZIjUUlX1CDRxU5vdSM5XEoc+vLSxicSCPwlUcHMXIhMcs5qSzbw==' },
  /** `-I 1000`: the count this project wrote before #35. */
  pbkdf2At1000: { password: 'thousand-rounds-pw', hash: '$7$1000$mRdAyTAspqQlsGvs$SBasQFtPMiyCPMysPsXMP8ITCbumysrf0Ehn9QfGj/h67uSgXUQ3Mz3FEgNF4y/8iUGQyTdbXV3SsZn8puJO0g==' },
};
