/**
 * The alarms' part of the live worker: the service's retained alarms, its instances' presence and
 * its system alarms, posted to the page at most once a flush.
 */
import { MAX_PAYLOAD_BYTES } from '../../live/contract.ts';
import { takeRetained, type TopicFeedFactory } from '../../live/topicFeed.ts';
import { alarmFilter, registryAlarmSchema, type AlarmMessage } from './contract.ts';
import { instanceFilter, systemFilter, type SystemAlarm } from '../../live/opsContract.ts';
import { SystemAlarmFeed } from './systemAlarms.ts';

/** Retained alarms that changed since the last flush (null: cleared), and whether a service runs. */
export interface LiveAlarms {
  type: 'alarms';
  updates: [string, AlarmMessage | null][];
  /** Service instances announced on the broker; none means the page alarms on its own. */
  instances: number;
  /** Whether the broker has sent the retained alarm state since this connection began. */
  settled: boolean;
}

declare module '../../live/liveProtocol.ts' {
  interface LiveEvents {
    alarms: LiveAlarms;
    /** The operations service's standing system alarms, one per instance, whenever they change. */
    'system-alarms': { type: 'system-alarms'; alarms: readonly SystemAlarm[] };
  }
}

export const feed: TopicFeedFactory = ({ topicPrefix, registry, post, count }) => {
  const alarmPrefix = `${topicPrefix}/alarm/`;
  const instancePrefix = `${topicPrefix}/ops/instance/`;
  const updates = new Map<string, AlarmMessage | null>();
  const schema = registryAlarmSchema(registry);
  const instances = new Set<string>();
  const system = new SystemAlarmFeed(systemFilter(topicPrefix).slice(0, -1), MAX_PAYLOAD_BYTES, (detail) => count.refused('bad-system-alarm', detail));
  let settled = false;
  let dirty = false;
  return {
    filters: () => [alarmFilter(topicPrefix), instanceFilter(topicPrefix), systemFilter(topicPrefix)],
    message(topic, payload) {
      if (topic.startsWith(alarmPrefix)) {
        dirty = true;
        takeRetained(topic.slice(alarmPrefix.length), payload, schema, updates, 'bad-alarm', count);
        return true;
      }
      if (topic.startsWith(system.prefix)) {
        system.message(topic, payload);
        return true;
      }
      if (!topic.startsWith(instancePrefix)) return false;
      const name = topic.slice(instancePrefix.length);
      if (payload.byteLength > 0) instances.add(name);
      else instances.delete(name);
      dirty = true;
      return true;
    },
    flush() {
      if (dirty) {
        dirty = false;
        post({ type: 'alarms', updates: [...updates], instances: instances.size, settled });
        updates.clear();
      }
      const standing = system.take();
      if (standing) post({ type: 'system-alarms', alarms: standing });
    },
    connected() {
      settled = false;
      system.connected();
    },
    // The retained alarms come right after the subscription is granted; a moment later the page
    // may decide that no service runs.
    settled() {
      settled = true;
      dirty = true;
      system.settled();
    },
    relogin: () => instances.clear(),
  };
};
