import type { RegistryWire } from './registryWire.ts';
import type { SensorKind, SensorProps } from './contract.ts';
import type { LevelChange } from '../alarms/levels.ts';
import type { AlarmMessage, Command, CommandResult } from '../alarms/contract.ts';
import type { RejectReason } from './decode.ts';
import type { Catalogue, Refusal, SignSeries } from '../signs/catalogue.ts';
import type { ViolationRecord } from '../trucks/contract.ts';
import type { CaseMessage } from './caseContract.ts';

/** The id of the result the worker sends when the broker refuses an operator's sign-in. */
export const SIGN_IN_RESULT = 'sign-in';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error';

export interface LiveStart {
  type: 'start';
  registryUrl: string;
  mqttUrl: string;
  topicPrefix: string;
  username?: string;
  password?: string;
}

export interface LiveLogin {
  type: 'login';
  /** Empty: back to the deployment's viewer login (or anonymous). */
  username?: string;
  password?: string;
}

/** Subscribes the vital signs of a catalogue (fetched and checked in the worker). */
export interface LiveSigns {
  type: 'signs';
  catalogueUrl: string;
  /** The districts' adcodes: each district-level indicator has a series per district. */
  districts: string[];
}

export type LiveCommand = LiveStart | LiveLogin | LiveSigns | { type: 'command'; command: Command } | { type: 'stop' };

/** The checked catalogue, its refused entries, and the series every sign delta indexes. */
export interface LiveCatalogue {
  type: 'catalogue';
  catalogue: Omit<Catalogue, 'byId'>;
  refused: Refusal[];
  series: SignSeries[];
}

/** Vital signs that changed since the last flush, latest per series. */
export interface LiveSignDelta {
  type: 'sign-delta';
  slot: Uint32Array;
  value: Float64Array;
  ts: Float64Array;
}

/** Retained alarms that changed since the last flush (null: cleared), and whether a service runs. */
export interface LiveAlarms {
  type: 'alarms';
  updates: [string, AlarmMessage | null][];
  /** Service instances announced on the broker; none means the page alarms on its own. */
  instances: number;
  /** Whether the broker has sent the retained alarm state since this connection began. */
  settled: boolean;
}

/** Retained muck-truck violations that changed since the last flush (null: closed). */
export interface LiveViolations {
  type: 'violations';
  updates: [string, ViolationRecord | null][];
}

/** Live governance cases that arrived or changed since the last flush (null: cleared). */
export interface LiveCases {
  type: 'cases';
  updates: [string, CaseMessage | null][];
}

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

/** Everything that changed since the last delta, latest reading per sensor. */
export interface LiveDelta {
  type: 'delta';
  index: Uint32Array;
  value: Float64Array;
  ts: Float64Array;
  /** Current positions (moving sensors report theirs; the others repeat the registry's). */
  lon: Float64Array;
  lat: Float64Array;
  level: Uint8Array;
  /** Messages merged into this delta (≥ index.length when a sensor reported twice). */
  messages: number;
  changes: LevelChange[];
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

export type LiveEvent =
  | { type: 'registry'; registry: RegistryWire }
  | { type: 'fatal'; message: string }
  | { type: 'connection'; state: ConnectionState; detail?: string; retryInMs?: number }
  | LiveDelta
  | LiveDiagnostics
  | LiveAlarms
  | LiveViolations
  | LiveCases
  | LiveCatalogue
  | { type: 'catalogue-error'; message: string }
  | LiveSignDelta
  | { type: 'result'; result: CommandResult }
  | { type: 'login'; username: string | null };

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
