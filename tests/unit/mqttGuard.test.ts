import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { InboundParser, LIMITS, parseConnect } from '../../server/mqtt/mqttGuard.ts';

const connect = (protocolVersion: 4 | 5, o: { clean: boolean; clientId: string; username?: string; will?: boolean }): Buffer =>
  mqttPacket.generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion,
    clean: o.clean,
    clientId: o.clientId,
    keepalive: 5,
    ...(o.username ? { username: o.username, password: Buffer.from('secret') } : {}),
    ...(o.will ? { will: { topic: 'city/x/ops/instance/a', payload: Buffer.alloc(0), qos: 1, retain: true, ...(protocolVersion === 5 ? { properties: { willDelayInterval: 1 } } : {}) } } : {}),
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 60, receiveMaximum: 100 } } : {}),
  } as mqttPacket.IConnectPacket);

describe('the MQTT gate reads CONNECT packets', () => {
  for (const level of [4, 5] as const) {
    it(`of MQTT ${level === 5 ? '5, with properties,' : '3.1.1'} with and without a will`, () => {
      for (const will of [false, true]) {
        const packet = connect(level, { clean: false, clientId: 'ops:ops-1', username: 'ops', will });
        expect(parseConnect(packet.subarray(2))).toEqual({ level, clean: false, clientId: 'ops:ops-1', username: 'ops', password: Buffer.from('secret') });
      }
    });
  }

  it('passes an MQTT 5 CONNECT through whole and refuses an oversize packet from its header', () => {
    const seen: string[] = [];
    const parser = new InboundParser({ onConnect: (c) => (seen.push(c.clientId), null), onRefused: (r) => seen.push(`refused ${r}`) });
    const packet = connect(5, { clean: true, clientId: 'viewer:page', username: 'viewer' });
    expect(parser.feed(packet)).toEqual(packet);
    const publish = mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(LIMITS.maxPacketBytes), qos: 0, retain: false, dup: false } as mqttPacket.IPublishPacket);
    expect(parser.feed(publish.subarray(0, 8))).toBeNull();
    expect(seen).toEqual(['viewer:page', 'refused oversize']);
  });
});
