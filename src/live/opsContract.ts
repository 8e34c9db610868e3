import { z } from 'zod';

/**
 * The operations service's own contract over MQTT, whatever its domains carry:
 *
 *   {city}/ops/instance/{instance}   retained: a running service instance (its will clears it);
 *                                    every screen falls back to its local alarms without one
 *   ops/{cityName}/…                 the operators' commands and their results, and the routes
 *                                    between instances, outside the city tree that viewers read
 *
 * and the login names that the users file, the ACL and the command topics accept.
 */
export const instanceTopic = (cityPrefix: string, instance: string): string => `${cityPrefix}/ops/instance/${instance}`;
export const instanceFilter = (cityPrefix: string): string => `${cityPrefix}/ops/instance/+`;
export const instanceSchema = z.object({ instance: z.string().max(64), startedAt: z.number() });

/** `city/guangzhou` → `ops/guangzhou`: commands live outside the city tree that viewers read. */
export const opsPrefixOf = (cityPrefix: string): string => `ops/${cityPrefix.split('/').pop()}`;

/** Login names: what the users file, the ACL and the command topics accept. */
export const LOGIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
