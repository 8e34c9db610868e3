/**
 * The live half of Canton Twin in one call: a broker (embedded Aedes or a Mosquitto process) and
 * the simulator publishing to it with its own login. Used by `npm start`, the tests and the
 * benchmarks, so that all three run the same thing.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startBroker, type BrokerName, type BrokerUsers, type RunningBroker } from './brokers.ts';
import { readRegistry, startSimulator, type Simulator, type SimulatorOptions } from './simulator.ts';

export const DEFAULT_REGISTRY = join(fileURLToPath(import.meta.url), '../../../public/cities/guangzhou/generated/sensors.geojson');
export const TOPIC_PREFIX = 'city/guangzhou';

export interface LiveStackOptions {
  broker?: BrokerName;
  /** 0 picks a free port. */
  tcpPort?: number;
  wsPort?: number;
  host?: string;
  /** Simulator settings; false runs the broker alone. */
  simulate?: false | Partial<Pick<SimulatorOptions, 'scenario' | 'cycleS' | 'hz' | 'rate' | 'speed'>>;
}

export interface LiveStack {
  broker: RunningBroker;
  simulator: Simulator | null;
  /** Passwords made for this run; nothing is stored in the repository or the bundle. */
  users: BrokerUsers;
  stop(): Promise<void>;
}

export async function startLiveStack(o: LiveStackOptions = {}): Promise<LiveStack> {
  const users: BrokerUsers = { simulator: randomBytes(12).toString('hex'), viewer: randomBytes(12).toString('hex') };
  const broker = await startBroker(o.broker ?? 'aedes', {
    tcpPort: o.tcpPort || (await freePort()),
    wsPort: o.wsPort || (await freePort()),
    host: o.host,
    users,
  });
  const simulator =
    o.simulate === false
      ? null
      : await startSimulator({
          url: broker.tcpUrl,
          username: 'simulator',
          password: users.simulator,
          registry: readRegistry(DEFAULT_REGISTRY),
          prefix: TOPIC_PREFIX,
          scenario: 'normal',
          ...o.simulate,
        });
  return {
    broker,
    simulator,
    users,
    stop: async () => {
      await simulator?.stop();
      await broker.stop();
    },
  };
}
