/** The operations service's options, figures and handle (./service.ts starts one). */
import type { RejectReason } from '../../src/live/decode.ts';
import type { SystemAlarm } from '../../src/live/opsContract.ts';
import type { SensorRegistry } from '../../src/live/contract.ts';
import type { Database } from './database.ts';
import type { DomainOpsOptions, DomainOpsParts, DomainOpsStats } from './opsPart.ts';

/** The service's own options, and each domain's under its name (./opsPart.ts). */
export interface OpsOptions extends DomainOpsOptions {
  url: string;
  username: string;
  password: string;
  registry: SensorRegistry;
  /** The city's topic prefix, `city/guangzhou`. */
  prefix: string;
  database: Database;
  /** The users file's folder: its operators are the logins whose commands count. */
  usersDir: string;
  /** A stable name per instance: its MQTT session and its route topic. */
  instance?: string;
  /** Shared-subscription group; null on a broker without shared subscriptions (Aedes 1.x). */
  share?: string | null;
  now?: () => number;
}

/** The figures the instance counts itself. */
export interface OpsCoreStats {
  instance: string;
  /** Readings decoded here, and work (readings, positioned readings, commands) passed to their owners or taken from others. */
  decoded: number;
  routedOut: number;
  routedIn: number;
  rejects: Partial<Record<RejectReason, number>>;
  /** Connections after the first: each republished the instance's marker. */
  reconnects: number;
}

/** Its figures, and each running part's under its name. */
export interface OpsStats extends OpsCoreStats, DomainOpsStats {
  members: string[];
  connected: boolean;
  /** The system alarms standing (serviceHealth.ts). */
  system: SystemAlarm['problems'];
  /** CPU time of this process, user and system, ms. */
  cpuMs: number;
}

export interface OpsService {
  instance: string;
  stats(): OpsStats;
  /** Resolves once the service has restored its state and subscribed to the readings. */
  ready: Promise<void>;
  database: Database;
  /** The domains' running parts, by name (those whose options were given). */
  parts: Partial<DomainOpsParts>;
  stop(): Promise<void>;
  /** Drops the connection as a crash would: no goodbye, the will fires, queued audit rows are lost. */
  kill(): void;
}
