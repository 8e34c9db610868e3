/**
 * The operators' commands at the operations service: the owner of the alarm decides, anyone else
 * passes the raw command on. Every command gets an answer on its operator's result topic whenever
 * an operator and an id can be read, and each answer goes out only once the command's audit row
 * is committed (AuditLog.afterWrite), as alarms do.
 */
import type { AlarmBook, OperatorAction, Transition } from '../alarmBook.ts';
import { resultTopic, type CommandResult } from '../../../live/opsContract.ts';
import type { CommandGate, CommandReject } from '../contract.ts';
import type { AuditLog } from './auditLog.ts';
import { tally } from '../../../sources/tally.ts';

export interface CommandContext {
  gate: CommandGate;
  book: AlarmBook;
  audit: AuditLog;
  opsPrefix: string;
  now: () => number;
  stats: { accepted: number; refused: Partial<Record<CommandReject, number>> };
  /** Passes the command to the sensor's owner and returns true, or false when this instance owns it. */
  routeElsewhere(sensor: number, topic: string, payload: Buffer): boolean;
  /** Announces the transitions an applied command made. */
  apply(transitions: readonly Transition[]): void;
  publish(topic: string, payload: string): void;
}

export function commandHandler(c: CommandContext): (topic: string, payload: Buffer) => void {
  const reply = (operator: string, result: CommandResult): void => c.audit.afterWrite(() => c.publish(resultTopic(c.opsPrefix, operator), JSON.stringify(result)));
  const refuse = (reason: CommandReject, detail: string, id: string | null, operator: string | null, op: string | null, alarm: string | null): void => {
    tally(c.stats.refused, reason);
    c.audit.command({ at: c.now(), command_id: id, operator, op, alarm, outcome: reason, detail });
    // The operator named by the topic (the login the broker bound it to), never one in the payload.
    if (operator && id) reply(operator, { id, ok: false, error: `${reason}: ${detail}` });
  };
  return (topic, payload) => {
    const target = alarmOf(payload);
    const index = target === null ? undefined : c.book.sensorIndex(target);
    if (index !== undefined && c.routeElsewhere(index, topic, payload)) return;
    const d = c.gate.decode(topic, payload, c.now());
    if (!d.ok) return refuse(d.reason, d.detail, d.id ?? null, d.operator ?? null, null, target);
    const a: OperatorAction & { ts: number } = d.action;
    const r = c.book.act(a, c.now());
    if (!r.ok) return refuse(c.book.sensorIndex(a.alarm) === undefined ? 'unknown-alarm' : 'refused', r.reason, a.id, a.operator, a.op, a.alarm);
    c.gate.remember(a.id, a.ts, c.now());
    c.stats.accepted++;
    c.audit.command({ at: c.now(), command_id: a.id, operator: a.operator, op: a.op, alarm: a.alarm, outcome: 'applied', detail: a.reason ?? null });
    c.apply(r.transitions);
    reply(a.operator, { id: a.id, ok: true });
  };
}

/** The alarm a command names, read loosely so that it can be passed to its owner; null if unreadable. */
function alarmOf(payload: Buffer): string | null {
  try {
    const v = (JSON.parse(payload.toString('utf8')) as { alarm?: unknown } | null)?.alarm;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}
