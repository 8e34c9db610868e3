import type { RegistryWire } from './registryWire.ts';
import type { SensorKind, SensorProps } from './contract.ts';
import type { LevelChange } from '../domains/alarms/levels.ts';
import type { AlarmMessage, Command, CommandResult, SystemAlarm } from '../domains/alarms/contract.ts';
import type { RejectReason } from './decode.ts';
import type { Catalogue, Refusal, SignSeries } from '../domains/signs/catalogue.ts';
import type { ViolationRecord } from '../domains/trucks/contract.ts';
import type { CaseMessage } from '../domains/cases/contract.ts';
import type { Gates, VenueRecord } from '../domains/crowd/contract.ts';
import type { HexMesh } from '../domains/crowd/hexMesh.ts';
import type { AreaWeights } from '../domains/crowd/areaWeights.ts';

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

/** Subscribes the vital signs of a catalogue (fetched and checked in the worker). */
export interface LiveSigns {
  type: 'signs';
  catalogueUrl: string;
  /** The districts' adcodes: each district-level indicator has a series per district. */
  districts: string[];
}

/** Loads the crowd model, builds its hexagons' mesh and subscribes the crowds (src/domains/crowd/contract.ts). */
export interface LiveCrowd {
  type: 'crowd';
  modelUrl: string;
  /** Height of the hexagons' sheet above the ellipsoid, metres. */
  heightM: number;
}

/** How a drawn perimeter covers the crowd model's hexagons (src/domains/crowd/areaWeights.ts). */
export interface LiveCrowdArea {
  type: 'crowd-area';
  id: number;
  ring: [number, number][];
}

export type LiveCommand = LiveStart | LiveLogin | LiveSigns | LiveCrowd | LiveCrowdArea | { type: 'command'; command: Command } | { type: 'stop' };

/** The crowd model as the page needs it: the hexagons' mesh and their areas. */
export interface LiveCrowdModel {
  type: 'crowd-model';
  mesh: HexMesh;
  hexes: number;
  cells: number;
  venues: string[];
}

/** One minute's estimate, from the signalling counts (src/domains/crowd/estimate.ts). */
export interface LiveCrowdMinute {
  type: 'crowd-minute';
  /** Scenario time of the counts, and when they were sent, ms. */
  at: number;
  ts: number;
  /** People per km² of each hexagon and each grid cell, and people per cell. */
  hexDensity: Float32Array;
  cellDensity: Float32Array;
  cellPeople: Float32Array;
  venuePeople: Float64Array;
  total: number;
}

/** Venue records and gate counts that arrived since the last flush. */
export interface LiveCrowdUpdates {
  type: 'crowd-updates';
  venues: [string, VenueRecord][];
  gates: Gates | null;
}

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

/** The operations service's standing system alarms, one per instance, whenever they change. */
export interface LiveSystemAlarms {
  type: 'system-alarms';
  alarms: readonly SystemAlarm[];
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

export type LiveEvent =
  | { type: 'registry'; registry: RegistryWire }
  | { type: 'fatal'; message: string }
  | { type: 'connection'; state: ConnectionState; detail?: string; retryInMs?: number }
  | LiveDelta
  | LiveDiagnostics
  | LiveAlarms
  | LiveSystemAlarms
  | LiveViolations
  | LiveCases
  | LiveCrowdModel
  | LiveCrowdMinute
  | LiveCrowdUpdates
  | { type: 'crowd-error'; message: string }
  | { type: 'crowd-area'; id: number; weights: AreaWeights | null; error?: string }
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
