/**
 * Which instance owns which alarm: rendezvous hashing of the sensor id over the instances online,
 * so that every instance computes the same owners from the same members, and a member joining or
 * leaving moves only its own share.
 */
import { createHash } from 'node:crypto';
import { instanceSchema } from '../../src/live/opsContract.ts';

/** Whether an instance's retained marker says it is online (empty: its will or its stop; garbage: not). */
export function markerOnline(payload: Buffer): boolean {
  if (payload.length === 0) return false;
  try {
    return instanceSchema.safeParse(JSON.parse(payload.toString('utf8'))).success;
  } catch {
    return false;
  }
}

/** Per sensor, the index into `members` of its owner. */
export function rendezvousOwners(ids: readonly string[], members: readonly string[]): Uint16Array {
  const owners = new Uint16Array(ids.length);
  const weights = members.map((m) => createHash('sha1').update(m).digest().readUInt32BE(0));
  for (let i = 0; i < ids.length; i++) {
    const h = hash32(ids[i]!);
    let best = 0;
    let bestW = -1;
    for (let k = 0; k < members.length; k++) {
      const w = mix(h ^ weights[k]!);
      if (w > bestW) {
        bestW = w;
        best = k;
      }
    }
    owners[i] = best;
  }
  return owners;
}

function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's), so that rendezvous weights spread evenly. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The instances online, as their retained markers say, and the owner of each sensor among them. */
export class Ownership {
  members: string[];
  owner: Uint16Array;
  self = 0;
  private readonly instances = new Set<string>();

  constructor(
    private readonly ids: readonly string[],
    private readonly instance: string,
    /** Called after the owners were computed again: alarms move between instances. */
    private readonly changed: () => void,
  ) {
    this.members = [instance];
    this.owner = new Uint16Array(ids.length);
  }

  /** The member that owns sensor `i`, or null when this instance does. */
  elsewhere(i: number): string | null {
    return this.owner[i] === this.self ? null : this.members[this.owner[i]!]!;
  }

  /** An instance's marker seen (online) or cleared. */
  seen(name: string, online: boolean): void {
    if (online) this.instances.add(name);
    else this.instances.delete(name);
    this.refresh();
  }

  /** Forgets the other instances: a new session reads their markers again. */
  forget(): void {
    this.instances.clear();
  }

  /** The owners again when the members changed (or when `force`d: the alarms known changed). */
  refresh(force = false): void {
    this.instances.add(this.instance);
    const next = [...this.instances].toSorted();
    if (!force && next.join() === this.members.join()) return;
    this.members = next;
    this.owner = rendezvousOwners(this.ids, this.members);
    this.self = this.members.indexOf(this.instance);
    this.changed();
  }
}
