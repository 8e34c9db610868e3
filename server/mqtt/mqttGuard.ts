/**
 * What both brokers refuse, and how, in one place: Aedes applies it in this process, and the gate
 * in front of Mosquitto (wsBridge.ts) applies it to every TCP and WebSocket client, since
 * Mosquitto 2.0.11 itself cannot bind a client id to a login nor count subscriptions.
 *
 * Client ids: an id `<login>:<anything>` belongs to that login (':' is not allowed in a login
 * name, so no login's ids overlap another's). Only that login may use it, for a clean or a
 * persistent session. An id without ':' belongs to nobody: anyone may use it, for a clean session
 * only, which holds nothing to inherit. So an anonymous client never resumes a session, and never
 * evicts a client that uses an owned id. Measured on Mosquitto 2.0.11 before this: an anonymous
 * client with the service's id got sessionPresent and its queue.
 *
 * Sizes: a packet whose fixed header announces more than `maxPacketBytes` is refused from that
 * header, before its body is read (an anonymous 50 MiB PUBLISH used to be buffered whole).
 */
import { Duplex } from 'node:stream';

/** The same figures are in mosquitto/mosquitto.conf; startMosquitto refuses a config that differs. */
export const LIMITS = {
  /** A whole MQTT packet (Mosquitto `max_packet_size`): 64 KiB of payload plus headers. */
  maxPacketBytes: 66_000,
  /** A PUBLISH payload, retained or not (Mosquitto `message_size_limit`; it has no retained-only limit). */
  maxPayloadBytes: 65_536,
  /** Distinct subscription filters per connection (Mosquitto has no such option: the gate counts). */
  maxSubscriptions: 32,
} as const;

export type Refusal = 'oversize' | 'payload' | 'subscriptions' | 'malformed' | 'client-id' | 'persistent-anonymous' | 'locked' | 'origin';

/** Refusals since start, by reason. */
export type RefusalCounts = Record<Refusal, number>;
export const noRefusals = (): RefusalCounts => ({ oversize: 0, payload: 0, subscriptions: 0, malformed: 0, 'client-id': 0, 'persistent-anonymous': 0, locked: 0, origin: 0 });

/** The login that owns a client id, or null for an id that belongs to nobody. */
export const clientIdOwner = (clientId: string): string | null => (clientId.includes(':') ? clientId.slice(0, clientId.indexOf(':')) : null);

/** A client id that only `login` may use (an unowned one for an anonymous client). */
export const ownedClientId = (login: string | undefined, suffix: string): string => (login === undefined ? suffix : `${login}:${suffix}`);

/** Why a client may not connect with this id, or null. `login` is undefined for an anonymous client. */
export function clientIdRefusal(clientId: string, login: string | undefined, clean: boolean): Refusal | null {
  const owner = clientIdOwner(clientId);
  if (login === undefined && !clean) return 'persistent-anonymous';
  if (owner === null) return clean ? null : 'client-id';
  return owner === login ? null : 'client-id';
}

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * Whether a WebSocket handshake's Origin may connect: none (a non-browser client, which a page
 * cannot pretend to be), one of `allowed`, or, by default, a page served from this machine's
 * loopback. A page from anywhere else is refused, so a browser on the console cannot be used.
 */
export function originAllowed(origin: string | undefined, allowed?: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase().replace(/\/$/, '');
  return allowed === undefined ? LOOPBACK_ORIGIN.test(o) : allowed.some((a) => a.toLowerCase().replace(/\/$/, '') === o);
}

/** A CONNECT packet's fields that the gate needs. */
export interface ConnectInfo {
  level: number;
  clean: boolean;
  clientId: string;
  username?: string;
  password?: Buffer;
}

/** A CONNACK refusing with `reason`, in the client's protocol version. */
export function connackRefusal(level: number, reason: Refusal): Buffer {
  const v3 = reason === 'client-id' ? 2 : 5;
  const v5 = reason === 'client-id' ? 0x85 : 0x87;
  return level === 5 ? Buffer.from([0x20, 3, 0, v5, 0]) : Buffer.from([0x20, 2, 0, v3]);
}

const CONNECT = 1;
const SUBSCRIBE = 8;
const UNSUBSCRIBE = 10;

/** Reads MQTT's strings, variable integers and properties from one packet's body. */
class Reader {
  at = 0;
  constructor(private readonly b: Buffer) {}
  byte(): number {
    if (this.at >= this.b.length) throw new Error('short packet');
    return this.b[this.at++]!;
  }
  u16(): number {
    return (this.byte() << 8) | this.byte();
  }
  bytes(): Buffer {
    const n = this.u16();
    if (this.at + n > this.b.length) throw new Error('short packet');
    this.at += n;
    return this.b.subarray(this.at - n, this.at);
  }
  string(): string {
    return this.bytes().toString('utf8');
  }
  varint(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      value += (b & 0x7f) * 128 ** i;
      if ((b & 0x80) === 0) return value;
    }
    throw new Error('bad variable integer');
  }
  skipProperties(): void {
    // Read the length first: `this.at += this.varint()` would add it to the position before the length.
    const length = this.varint();
    this.at += length;
  }
  done(): boolean {
    return this.at >= this.b.length;
  }
}

export function parseConnect(body: Buffer): ConnectInfo {
  const r = new Reader(body);
  r.string();
  const level = r.byte();
  const flags = r.byte();
  r.u16();
  if (level === 5) r.skipProperties();
  const clientId = r.string();
  if (flags & 0x04) {
    if (level === 5) r.skipProperties();
    r.string();
    r.bytes();
  }
  const username = flags & 0x80 ? r.string() : undefined;
  const password = flags & 0x40 ? r.bytes() : undefined;
  return { level, clean: (flags & 0x02) !== 0, clientId, username, password };
}

/** A SUBSCRIBE's or UNSUBSCRIBE's topic filters. */
function parseFilters(body: Buffer, level: number, subscribe: boolean): string[] {
  const r = new Reader(body);
  r.u16();
  if (level === 5) r.skipProperties();
  const filters: string[] = [];
  while (!r.done()) {
    filters.push(r.string());
    if (subscribe) r.byte();
  }
  return filters;
}

export interface InboundHooks {
  /** The gate's check of the first packet; a refusal answers with a CONNACK. */
  onConnect?: (c: ConnectInfo) => Refusal | null;
  onRefused: (reason: Refusal) => void;
}

/**
 * Follows a client's byte stream packet by packet: refuses an oversize packet from its fixed
 * header, and holds back (whole, at most `maxPacketBytes`) only CONNECT, SUBSCRIBE and
 * UNSUBSCRIBE, to count a connection's filters. Every other packet passes as it arrives.
 */
export class InboundParser {
  private head: number[] = [];
  private need = 0;
  private held: Buffer[] | null = null;
  private level = 4;
  private connected = false;
  private readonly filters = new Set<string>();
  /** Set once refused; everything after is dropped. */
  refused: { reason: Refusal; reply?: Buffer } | null = null;

  constructor(private readonly hooks: InboundHooks) {}

  /** The bytes to pass on, or null once the connection is refused. */
  feed(chunk: Buffer): Buffer | null {
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length && !this.refused) {
      if (this.need === 0 && this.held === null) {
        this.head.push(chunk[i++]!);
        if (this.head.length > 1) this.header(out);
        continue;
      }
      const take = Math.min(this.need, chunk.length - i);
      const part = chunk.subarray(i, i + take);
      if (this.held) this.held.push(part);
      else out.push(part);
      this.need -= take;
      i += take;
      if (this.need === 0 && this.held) this.inspect(out);
    }
    if (this.refused) return null;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** A fixed header byte after the first: the remaining length, one varint byte at a time. */
  private header(out: Buffer[]): void {
    const last = this.head[this.head.length - 1]!;
    if (last & 0x80) {
      if (this.head.length === 5) this.refuse('malformed');
      return;
    }
    let remaining = 0;
    for (let k = 1; k < this.head.length; k++) remaining += (this.head[k]! & 0x7f) * 128 ** (k - 1);
    const type = this.head[0]! >> 4;
    if (this.head.length + remaining > LIMITS.maxPacketBytes) return this.refuse('oversize');
    if (!this.connected && type !== CONNECT) return this.refuse('malformed');
    this.need = remaining;
    if (type === CONNECT || type === SUBSCRIBE || type === UNSUBSCRIBE) {
      this.held = [];
      if (remaining === 0) this.inspect(out);
      return;
    }
    out.push(Buffer.from(this.head));
    this.head = [];
  }

  private inspect(out: Buffer[]): void {
    const head = Buffer.from(this.head);
    const body = Buffer.concat(this.held!);
    const type = head[0]! >> 4;
    this.head = [];
    this.held = null;
    try {
      if (type === CONNECT) {
        const c = parseConnect(body);
        this.level = c.level;
        this.connected = true;
        const refusal = this.hooks.onConnect?.(c) ?? null;
        if (refusal) return this.refuse(refusal, connackRefusal(c.level, refusal));
      } else {
        const filters = parseFilters(body, this.level, type === SUBSCRIBE);
        for (const f of filters) {
          if (type === UNSUBSCRIBE) this.filters.delete(f);
          else this.filters.add(f);
        }
        if (this.filters.size > LIMITS.maxSubscriptions) return this.refuse('subscriptions');
      }
    } catch {
      return this.refuse('malformed');
    }
    out.push(head, body);
  }

  private refuse(reason: Refusal, reply?: Buffer): void {
    this.refused = { reason, reply };
    this.hooks.onRefused(reason);
  }
}

/**
 * `raw` (a socket, or a WebSocket as a stream) with its incoming bytes checked by an
 * InboundParser; what is written goes to `raw` unchanged. A refusal sends its CONNACK, if any,
 * then closes the connection: the refused packet and what follows never reach the broker.
 */
export function guardedStream(raw: Duplex, hooks: InboundHooks): Duplex {
  const parser = new InboundParser(hooks);
  const stream = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      // The client is gone: what the broker still says to it goes nowhere.
      if (raw.destroyed || raw.writableEnded) return callback();
      if (raw.write(chunk)) callback();
      else raw.once('drain', () => callback());
    },
    final(callback) {
      raw.end();
      callback();
    },
    destroy(err, callback) {
      if (!parser.refused?.reply) raw.destroy();
      callback(err);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    const bytes = parser.feed(chunk);
    if (bytes === null) {
      raw.pause();
      if (parser.refused?.reply) raw.end(parser.refused.reply);
      stream.destroy();
      return;
    }
    if (bytes.length > 0 && !stream.push(bytes)) raw.pause();
  });
  // A client that ends cleanly (publishes, then disconnects) has its last packets passed on before
  // the stream ends; only a broken connection drops what is still unread.
  let ended = false;
  raw.on('end', () => {
    ended = true;
    stream.push(null);
  });
  raw.on('close', () => {
    if (!ended) stream.destroy();
  });
  raw.on('error', (err) => stream.destroy(err));
  return stream;
}

/**
 * Under which keys LoginGuard holds a login back, or null for none. Anonymous clients have no
 * password to guess. Machine logins (the service, the simulator, the relay) carry 144-bit random
 * passwords, and locking them would let anyone cut the alarm service off by failing as `ops`.
 * On loopback every client shares one address, so there the address key is the login's own:
 * failures from one local process must not lock out the local service.
 */
export function loginGuardKeys(login: string | undefined, address: string | undefined, machine: boolean): { login: string; address: string } | null {
  if (login === undefined || machine) return null;
  const loopback = address === undefined || address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
  return { login, address: loopback ? `loopback:${login}` : address };
}

/** Roles whose passwords are generated, never chosen (scripts/live/stack.ts): not locked out, see loginGuardKeys. */
export const MACHINE_ROLES: ReadonlySet<string> = new Set(['service', 'gateway', 'relay']);

/** CONNACK return codes that mean a wrong login (MQTT 3.1.1: 4, 5; MQTT 5: 0x86, 0x87). */
export const LOGIN_FAILED = new Set([4, 5, 0x86, 0x87]);

/** A `ws` server's verifyClient refusing foreign origins (403), see originAllowed. */
export const verifyOrigin =
  (allowed: readonly string[] | undefined, onRefused: (reason: Refusal) => void) =>
  (info: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void): void => {
    const ok = originAllowed(info.origin, allowed);
    if (!ok) onRefused('origin');
    done(ok, 403, 'Origin not allowed');
  };
