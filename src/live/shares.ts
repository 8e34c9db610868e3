import { SENSOR_KINDS, type SensorKind } from './contract.ts';

/**
 * Reading the sensors over several connections (runtime-config `sensorConnections`): the topic
 * tree split by kind into `n` shares of about the same number of sensors, each read by a worker
 * of its own. The first share is the live worker's; a kind with no sensor in the registry goes
 * there too, so that anything published under it is still read and refused.
 */
export function shareKinds(kinds: readonly SensorKind[], n: number): SensorKind[][] {
  const count = new Map<SensorKind, number>();
  for (const k of kinds) count.set(k, (count.get(k) ?? 0) + 1);
  const shares: { kinds: SensorKind[]; sensors: number }[] = Array.from({ length: Math.max(1, n) }, () => ({ kinds: [], sensors: 0 }));
  // Largest kind first, each to the share with the fewest sensors so far.
  for (const kind of SENSOR_KINDS.toSorted((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0))) {
    const sensors = count.get(kind) ?? 0;
    const to = sensors === 0 ? shares[0]! : shares.reduce((a, b) => (b.sensors < a.sensors ? b : a));
    to.kinds.push(kind);
    to.sensors += sensors;
  }
  return shares.map((s) => s.kinds);
}

export const kindFilter = (prefix: string, kind: SensorKind): string => `${prefix}/sensor/${kind}/#`;
