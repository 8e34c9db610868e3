/** The operations service's options, figures and handle (./service.ts starts one). */
import type { RejectReason } from '../../src/live/decode.ts';
import type { CommandReject, AlarmMessage, SystemAlarm } from '../../src/domains/alarms/contract.ts';
import type { SensorRegistry } from '../../src/live/contract.ts';
import type { Catalogue } from '../../src/domains/signs/catalogue.ts';
import type { CrowdModel } from '../../src/domains/crowd/crowdModel.ts';
import type { TruckSetup } from '../../src/domains/trucks/server/loadTruckWorld.ts';
import type { AuditLog } from './auditLog.ts';
import type { Database } from './database.ts';
import type { SignService } from '../../src/domains/signs/server/signs.ts';
import type { CrowdService } from '../../src/domains/crowd/server/crowd.ts';
import type { TruckGovernanceStats } from '../../src/domains/trucks/server/truckGovernance.ts';

export interface OpsOptions {
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
  /** The vital-sign catalogue and the districts: the service derives the live-feed figures. */
  signs?: { catalogue: Catalogue; districts: readonly string[] };
  /** The muck trucks' world, fleet and grid: the service then runs the truck rules on every GPS fix. */
  trucks?: TruckSetup;
  /** The crowd model: the service then turns the signalling feed into the venues' crowds (./crowd.ts). */
  crowd?: { model: CrowdModel };
  now?: () => number;
}

export interface OpsStats {
  instance: string;
  members: string[];
  connected: boolean;
  /** Readings decoded here, and of them those evaluated here (owned) or passed on. */
  decoded: number;
  evaluated: number;
  routedOut: number;
  routedIn: number;
  rejects: Partial<Record<RejectReason, number>>;
  commands: { accepted: number; refused: Partial<Record<CommandReject, number>> };
  alarmsPublished: number;
  /** Retained alarms refused as not of a registered sensor, and cleared (or corrected). */
  foreignAlarms: number;
  /** Connections after the first: each republished the instance's marker. */
  reconnects: number;
  /** The system alarms standing (systemAlarms.ts). */
  system: SystemAlarm['problems'];
  owned: number;
  listed: number;
  audit: AuditLog['stats'];
  /** CPU time of this process, user and system, ms. */
  cpuMs: number;
  trucks: TruckGovernanceStats | null;
}

export interface OpsService {
  instance: string;
  stats(): OpsStats;
  /** Every listed alarm this instance knows of (all instances', from the retained messages). */
  alarms(): AlarmMessage[];
  /** Resolves once the service has restored its state and subscribed to the readings. */
  ready: Promise<void>;
  database: Database;
  /** The derived vital signs and every sign's recent history; null without a catalogue. */
  signs: SignService | null;
  /** The venues' crowds; null without a crowd model. */
  crowd: CrowdService | null;
  stop(): Promise<void>;
  /** Drops the connection as a crash would: no goodbye, the will fires, queued audit rows are lost. */
  kill(): void;
}
