import { z } from 'zod';

/**
 * The operations service's own contract over MQTT, whatever its domains carry:
 *
 *   {city}/ops/instance/{instance}   retained: a running service instance (its will clears it);
 *                                    every screen falls back to its local alarms without one
 *   {city}/ops/system/{instance}     retained: what stops the instance doing its job (its
 *                                    database lost or replaced, no logins left): a system alarm;
 *                                    empty when there is none
 *   ops/{cityName}/…                 the operators' commands and their results, and the routes
 *                                    between instances, outside the city tree that viewers read
 *
 * and the login names that the users file, the ACL and the command topics accept.
 */
export const instanceTopic = (cityPrefix: string, instance: string): string => `${cityPrefix}/ops/instance/${instance}`;
export const instanceFilter = (cityPrefix: string): string => `${cityPrefix}/ops/instance/+`;
/**
 * An operator's command and the service's answer, whatever the domain that defines the command
 * (the alarms' contract, for one): the broker lets each operator publish only under their own name.
 */
export const commandTopic = (opsPrefix: string, operator: string): string => `${opsPrefix}/command/${operator}`;
export const commandFilter = (opsPrefix: string): string => `${opsPrefix}/command/+`;
export const resultTopic = (opsPrefix: string, operator: string): string => `${opsPrefix}/result/${operator}`;
/** What the transport needs of a command: a fresh id per command, which its result carries back. */
export interface OpsCommand {
  id: string;
}
export const commandResultSchema = z.object({ id: z.string(), ok: z.boolean(), error: z.string().optional() });
export type CommandResult = z.infer<typeof commandResultSchema>;

export const instanceSchema = z.object({ instance: z.string().max(64), startedAt: z.number() });
export const systemTopic = (cityPrefix: string, instance: string): string => `${cityPrefix}/ops/system/${instance}`;
export const systemFilter = (cityPrefix: string): string => `${cityPrefix}/ops/system/+`;

/** A system alarm's causes: the database changed or went missing; the users file has no logins. */
export const SYSTEM_PROBLEMS = ['database', 'users-file'] as const;
export type SystemProblem = (typeof SYSTEM_PROBLEMS)[number];
export const systemAlarmSchema = z.object({
  instance: z.string().max(64),
  problems: z.array(z.object({ code: z.enum(SYSTEM_PROBLEMS), detail: z.string().max(500), since: z.number() })).max(SYSTEM_PROBLEMS.length),
});
export type SystemAlarm = z.infer<typeof systemAlarmSchema>;


/** `city/guangzhou` → `ops/guangzhou`: commands live outside the city tree that viewers read. */
export const opsPrefixOf = (cityPrefix: string): string => `ops/${cityPrefix.split('/').pop()}`;

/** Login names: what the users file, the ACL and the command topics accept. */
export const LOGIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
