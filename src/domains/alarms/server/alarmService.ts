/**
 * The alarms' part of an operations-service instance (server/ops/opsPart.ts): it keeps the alarm
 * state of the sensors the instance owns (./alarmState.ts), reads every retained alarm, restores
 * what the audit trail kept at start, applies the operators' commands (./commands.ts) and writes
 * the audit trail (./auditLog.ts), each change audited before it is announced.
 */
import type { PartContext, RunningPart } from '../../../../server/ops/opsPart.ts';
import { opsPrefixOf } from '../../../live/opsContract.ts';
import { alarmFilter, CommandGate, type AlarmMessage, type CommandReject } from '../contract.ts';
import { AlarmState, type AlarmFigures } from './alarmState.ts';
import { AuditLog } from './auditLog.ts';
import { commandHandler } from './commands.ts';
import { restoreFromDatabase } from './restore.ts';

/** Raised peaks reach the other screens at most this often. */
const PEAK_FLUSH_MS = 5000;

/** The alarms' figures in the service's stats. */
export interface AlarmPartStats extends AlarmFigures {
  commands: { accepted: number; refused: Partial<Record<CommandReject, number>> };
  /** Alarms this instance owns, and every alarm it knows of (all instances'). */
  owned: number;
  listed: number;
  audit: AuditLog['stats'];
}

export class AlarmService implements RunningPart {
  private readonly audit: AuditLog;
  private readonly gate: CommandGate;
  private readonly state: AlarmState;
  private readonly figures: AlarmFigures = { evaluated: 0, alarmsPublished: 0, foreignAlarms: 0 };
  private readonly commands: AlarmPartStats['commands'] = { accepted: 0, refused: {} };
  private readonly alarmPrefix: string;
  private readonly timers: NodeJS.Timeout[] = [];
  readonly command: (topic: string, payload: Buffer) => void;

  constructor(private readonly ctx: PartContext) {
    const opsPrefix = opsPrefixOf(ctx.prefix);
    this.alarmPrefix = `${ctx.prefix}/alarm/`;
    this.audit = new AuditLog(ctx.database, ctx.instance);
    this.gate = new CommandGate(opsPrefix, ctx.isOperator);
    this.state = new AlarmState({
      registry: ctx.registry,
      prefix: ctx.prefix,
      instance: ctx.instance,
      audit: this.audit,
      figures: this.figures,
      publish: ctx.publishRetained,
      owns: ctx.owns,
    });
    this.command = commandHandler({
      gate: this.gate,
      book: this.state.book,
      audit: this.audit,
      opsPrefix,
      now: ctx.now,
      stats: this.commands,
      routeElsewhere: ctx.routeCommand,
      apply: this.state.apply,
      publish: ctx.publish,
    });
  }

  reading(index: number, value: number, ts: number): void {
    this.state.evaluate(index, value, ts);
  }

  retainedFilters(): string[] {
    return [alarmFilter(this.ctx.prefix)];
  }

  retained(topic: string, payload: Buffer): boolean {
    if (!topic.startsWith(this.alarmPrefix)) return false;
    this.state.onRetained(topic.slice(this.alarmPrefix.length), payload);
    return true;
  }

  /** The alarms as the audit trail last recorded them, and the commands applied (a replay stays refused). */
  restore(): Promise<void> {
    return restoreFromDatabase(this.ctx.database, this.gate, this.state.known, this.ctx.instance);
  }

  ownersMoved(): void {
    this.state.ownersChanged();
  }

  /** Republishes what it owns, so that the retained store holds the restored copy; then audits and expires shelves. */
  async start(): Promise<void> {
    const { state } = this;
    for (const a of state.book.list()) state.publish(a);
    this.audit.start();
    this.timers.push(
      setInterval(() => state.apply(state.book.expire(this.ctx.now())), 1000),
      setInterval(() => state.flushPeaks(), PEAK_FLUSH_MS),
    );
  }

  forgetRetained(): void {
    this.state.known.clear();
  }

  republishMissing(): void {
    this.state.republishMissing();
  }

  databaseProblem(problem: string | null): void {
    this.audit.setProblem(problem);
  }

  /** Every listed alarm this instance knows of (all instances', from the retained messages). */
  list(): AlarmMessage[] {
    return [...this.state.known.values()];
  }

  stats(): AlarmPartStats {
    const { accepted, refused } = this.commands;
    return { ...this.figures, commands: { accepted, refused: { ...refused } }, owned: this.state.book.size, listed: this.state.known.size, audit: { ...this.audit.stats } };
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.audit.stop();
  }

  kill(): void {
    for (const t of this.timers) clearInterval(t);
    this.audit.abandon();
  }
}
