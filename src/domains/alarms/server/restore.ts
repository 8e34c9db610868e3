/**
 * What an operations-service instance restores at start: the alarms as the audit trail last
 * recorded them, merged into the retained store's copy, and the commands already applied (so that
 * a replay after a restart is still refused).
 */
import type { Alarm } from '../alarmBook.ts';
import type { AlarmMessage, CommandGate } from '../contract.ts';
import type { Database } from '../../../../server/ops/database.ts';

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
