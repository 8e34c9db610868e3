import type { RegistryWire } from './registryWire.ts';
import type { SensorKind, SensorProps } from './contract.ts';
import type { LevelChange } from './levels.ts';
import type { CommandResult, OpsCommand } from './opsContract.ts';
import type { RejectReason } from './decode.ts';

/** The id of the result the worker sends when the broker refuses an operator's sign-in. */
export const SIGN_IN_RESULT = 'sign-in';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error';

export interface LiveStart {
  type: 'start';
  registryUrl: string;
  mqttUrl: string;
  topicPrefix: string;
  /** `relay`: the sensors' readings come as a conflating relay's batches (batchContract.ts). */
  sensorFeed?: SensorFeed;
  /** Connections to read the readings over (src/live/shares.ts); 1 when absent. */
  sensorConnections?: number;
  /** The ports of the other connections' workers (share.worker.ts), one per connection after the first. */
  shares?: MessagePort[];
  username?: string;
  password?: string;
}

export type SensorFeed = 'readings' | 'relay';

/** Live worker → a share worker: what to read, and how to judge it. */
export interface ShareStart {
  type: 'start';
  mqttUrl: string;
  topicPrefix: string;
  username?: string;
  password?: string;
  /** The kinds this connection subscribes to. */
  subscribe: SensorKind[];
  /** The registry as the decoder and the alert levels need it, in registry order. */
  ids: string[];
  kinds: SensorKind[];
  warning: Float64Array;
  alarm: Float64Array;
}

/**
 * The latest accepted reading of each sensor that changed since the last take (lon and lat NaN
 * where none is known), its alert level, and the level changes in order (latestReadings.ts).
 */
export interface ReadingColumns {
  index: Uint32Array;
  value: Float64Array;
  ts: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  level: Uint8Array;
  changes: LevelChange[];
}

/** A share worker → the live worker, every 16 ms: its take, and what its connection counted since the last one. */
export type ShareDelta = ReadingColumns & Pick<LiveDiagnostics, 'received' | 'accepted' | 'duplicates' | 'rejects' | 'lastError'>;

export interface LiveLogin {
  type: 'login';
  /** Empty: back to the deployment's viewer login (or anonymous). */
  username?: string;
  password?: string;
}

/**
 * Commands from the page to the live worker, by type. A domain's feed adds the commands it takes
 * (declaration merging from its liveTopics.ts); the worker hands each to the feed that owns it.
 */
export interface LiveCommands {
  start: LiveStart;
  login: LiveLogin;
  /** An operator's command to the operations service (a domain's contract defines its fields). */
  command: { type: 'command'; command: OpsCommand };
  stop: { type: 'stop' };
}
export type LiveCommand = LiveCommands[keyof LiveCommands];

/** The registry as the page needs it: columns in registry order. */
export interface RegistryColumns {
  ids: string[];
  kinds: SensorKind[];
  props: SensorProps[];
  positions: Float64Array;
  /** Features the registry file held but the schema refused. */
  rejected: number;
  examples: string[];
}

/**
 * Everything that changed since the last delta, latest reading per sensor. Positions are current:
 * moving sensors report theirs, the others repeat the registry's.
 */
export interface LiveDelta extends ReadingColumns {
  type: 'delta';
  /** Messages merged into this delta (≥ index.length when a sensor reported twice). */
  messages: number;
}

export interface LiveDiagnostics {
  type: 'diagnostics';
  /** Totals since the start. */
  received: number;
  accepted: number;
  duplicates: number;
  rejects: Partial<Record<RejectReason, number>>;
  lastError: { reason: RejectReason | 'connection'; detail: string; at: number } | null;
  reconnects: number;
}

/**
 * Events from the live worker to the page, by type. A domain's feed adds the events it posts
 * (declaration merging from its liveTopics.ts); the page hands each to the handler a domain set
 * with liveFeed().on(type, …).
 */
export interface LiveEvents {
  registry: { type: 'registry'; registry: RegistryWire };
  fatal: { type: 'fatal'; message: string };
  connection: { type: 'connection'; state: ConnectionState; detail?: string; retryInMs?: number };
  delta: LiveDelta;
  diagnostics: LiveDiagnostics;
  result: { type: 'result'; result: CommandResult };
  login: { type: 'login'; username: string | null };
}
export type LiveEvent = LiveEvents[keyof LiveEvents];

/** The live feed's health, refreshed about once a second: what the diagnostics panel shows. */
export interface LiveStatus {
  connection: ConnectionState;
  /** While reconnecting: the wait before the next try. */
  retryInMs: number | null;
  received: number;
  receivedPerSecond: number;
  /** Messages merged into the sensor table per second, on the main thread. */
  appliedPerSecond: number;
  duplicates: number;
  rejects: LiveDiagnostics['rejects'];
  lastError: LiveDiagnostics['lastError'];
  reconnects: number;
}
