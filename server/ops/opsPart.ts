/**
 * A domain's part of the operations service. A domain that has one exports `part` from
 * src/domains/<name>/server/opsPart.ts, and ./domainParts.ts finds it by folder, so that the
 * service, its process and its HTTP API name no domain. A part may run inside the service
 * (`start`: the readings and positioned readings of the sensors this instance owns, the
 * operators' commands, retained state of its own that it reads back at start, the owners'
 * changes, clients of its own), may add routes to the HTTP API (`api`), and says how its
 * options are read from the environment (`fromEnv`). The domain declares its options, its running handle, its
 * figures and its API options by declaration merging on the interfaces below.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SensorRegistry } from '../../src/live/contract.ts';
import type { Database } from './database.ts';
import type { ApiLogin } from './httpLogin.ts';
import type { OpsService } from './opsTypes.ts';

/** Each domain's options for the service, under its name; a part without them does not start. */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainOpsOptions {}
/** Each domain's running part, under its name (`OpsService.parts`). */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainOpsParts {}
/** Each domain's figures in the service's stats, under its name. */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainOpsStats {}
/** Each domain's options for the HTTP API (`opsApi`). */
// oxlint-disable-next-line typescript/no-empty-interface, typescript/no-empty-object-type
export interface DomainApiOptions {}

/** What the service gives a part it starts. */
export interface PartContext {
  instance: string;
  /** The city's topic prefix, `city/guangzhou`. */
  prefix: string;
  registry: SensorRegistry;
  database: Database;
  now: () => number;
  /** Every part's options: a part may build on another's (the crowds on the signs' catalogue). */
  options: Readonly<DomainOpsOptions>;
  /** A login for a client of the part's own: the service's, with a client id bound to it. */
  login(suffix: string): { url: string; username: string; password: string; clientId: string };
  /** Publishes retained at QoS 1 on the service's own connection. */
  publishRetained(topic: string, payload: string | Buffer): void;
  /** Whether this instance owns a sensor now. */
  owns(index: number): boolean;
  /** Whether this instance publishes the city-wide figures now: the first member, once restored. */
  leads(): boolean;
  /** Publishes at QoS 1, not retained (an answer to an operator). */
  publish(topic: string, payload: string): void;
  /** Whether a login is an operator's now (the users file, read again for a name not yet seen). */
  isOperator(name: string): boolean;
  /** Passes a command on to the instance that owns a sensor; false when this one owns it. */
  routeCommand(index: number, topic: string, payload: Buffer): boolean;
}

/** A part as the service runs it. */
export interface RunningPart {
  /** A reading of a sensor this instance owns, decoded here or routed from another instance. */
  reading?(index: number, value: number, ts: number): void;
  /**
   * An operator's command (the service's command topics: src/live/opsContract.ts), raw: at most
   * one part takes them, and answers each on the operator's result topic.
   */
  command?(topic: string, payload: Buffer): void;
  /** Retained topics of its own, read before the start (and again after the broker lost the session). */
  retainedFilters?(): string[];
  /** A retained message on one of those filters; false when the topic is not its own. */
  retained?(topic: string, payload: Buffer): boolean;
  /** Once the retained state is in, before the owners are first known: what the database kept. */
  restore?(): Promise<void>;
  /** After the owners changed, from the first time they are known: take over or let go per sensor. */
  ownersMoved?(): void;
  /** The broker lost the session: the retained state is about to be read again. */
  forgetRetained?(): void;
  /** After that re-read: publish again what the retained store lacks. */
  republishMissing?(): void;
  /** After each health check: the database's problem, or null. */
  databaseProblem?(problem: string | null): void;
  /** Whether the part takes this sensor's positioned readings (asked once per sensor, at start): they then go to its owner. */
  wantsPosition?(index: number): boolean;
  /** A positioned reading of a sensor this instance owns, decoded here or routed from another instance. */
  position?(index: number, ts: number, lon: number, lat: number, value: number): void;
  /** Once every part is restored and the owners are known, before the readings are taken. */
  start?(): Promise<void>;
  /** After the instances changed (only once started). */
  ownersChanged?(): Promise<void>;
  stats?(): unknown;
  stop(): Promise<void>;
  /** As a crash would: no goodbye. */
  kill(): void;
}

/** A route under /api/ops/: true when it answered. */
export type PartRoute = (req: IncomingMessage, url: URL, res: ServerResponse) => Promise<boolean> | boolean;
/** A route for any signed-in login, GET or POST, told who it is: it checks the role itself. */
export type SignedInRoute = (req: IncomingMessage, url: URL, res: ServerResponse, who: ApiLogin) => Promise<boolean> | boolean;

/** A part's side of the HTTP API. */
export interface PartApi {
  /** Routes without a login (as public as what they serve). */
  open?: PartRoute;
  /** Routes for a signed-in operator. */
  operator?: PartRoute;
  /** Routes for any signed-in login (the only ones that take POSTs). */
  signedIn?: SignedInRoute;
  /** Figures for GET /api/ops/status. */
  status?(): unknown;
}

/** What a part's API sees of the service. */
export type ServiceView = Pick<OpsService, 'database' | 'ready' | 'parts'>;

export interface OpsPart {
  /** The domain's name: its options, handle and figures go under it. */
  name: string;
  /** Its options from the process's environment; undefined: the part does not start. */
  fromEnv?(env: NodeJS.ProcessEnv, registry: SensorRegistry): unknown;
  /** Starts the part if its options are given; null otherwise. */
  start?(ctx: PartContext): RunningPart | null;
  /** Its routes, if its API options allow; null otherwise. */
  api?(service: ServiceView, options: DomainApiOptions): PartApi | null;
}
