/**
 * What an operations-service instance restores at start: the alarms as the audit trail last
 * recorded them, merged into the retained store's copy, and the commands already applied (so that
 * a replay after a restart is still refused).
 */
import type { Alarm } from '../../src/domains/alarms/alarmBook.ts';
import type { AlarmMessage, CommandGate } from '../../src/domains/alarms/contract.ts';
import type { Database } from './database.ts';

/** Quiet time after the retained messages start arriving before the state counts as restored. */
const SETTLE_MS = 400;

export async function restoreFromDatabase(database: Database, gate: CommandGate, known: Map<string, AlarmMessage>, instance: string): Promise<void> {
  const fromDb = await database.query<{ record: Alarm | null; to_state: string }>(`select distinct on (alarm) record, to_state from alarm_audit order by alarm, seq desc`);
  const dbOpen = fromDb.filter((r) => r.record && r.to_state !== 'normal').map((r) => r.record!);
  // Only applied commands: a refused one may be sent again (CommandGate.remember).
  for (const row of await database.query<{ command_id: string; at: Date }>(`select command_id, at from command_log where command_id is not null and outcome = 'applied' and at > now() - interval '10 minutes'`)) {
    gate.remember(row.command_id, row.at.getTime(), Date.now());
  }
  // The retained store is the live copy; the database fills in when the broker lost its store.
  const retainedLost = known.size === 0;
  for (const r of dbOpen) {
    const k = known.get(r.id);
    if ((retainedLost && !k) || (k && k.rev < r.rev)) known.set(r.id, { ...r, owner: instance });
  }
}

/** Waits until no message has arrived for SETTLE_MS (the retained burst is over), at most 5 s. */
export async function settle(last: () => number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, 50));
  if (Date.now() - last() < SETTLE_MS) await new Promise((r) => setTimeout(r, SETTLE_MS));
}
