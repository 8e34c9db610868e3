import { afterEach, describe, expect, it } from 'vitest';
import { RequestClient, serveRequests, type Handlers } from './actor.ts';

interface Methods {
  double: { request: { n: number }; result: number };
  bytes: { request: { length: number }; result: Uint8Array };
  fail: { request: object; result: never };
  missing: { request: object; result: string };
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function connect(handlers: Handlers<Methods>): RequestClient<Methods> {
  const channel = new MessageChannel();
  channels.push(channel);
  serveRequests<Methods>(channel.port2, handlers);
  channel.port2.start();
  const client = new RequestClient<Methods>(channel.port1 as unknown as Worker, 'test');
  channel.port1.start();
  return client;
}

describe('the worker request router', () => {
  const handlers: Handlers<Methods> = {
    double: (req) => ({ result: req.n * 2 }),
    bytes: async (req) => {
      const result = new Uint8Array(req.length).fill(7);
      return { result, transfer: [result.buffer] };
    },
    fail: () => {
      throw new Error('refused');
    },
  };

  it('routes each request to its type’s handler and answers in any order', async () => {
    const client = connect(handlers);
    const [a, b] = await Promise.all([client.request({ type: 'bytes', length: 3 }), client.request({ type: 'double', n: 21 })]);
    expect(b).toBe(42);
    expect([...a]).toEqual([7, 7, 7]);
  });

  it('rejects with the handler’s error, and names a type that no handler serves', async () => {
    const client = connect(handlers);
    await expect(client.request({ type: 'fail' })).rejects.toThrow('refused');
    await expect(client.request({ type: 'missing' })).rejects.toThrow('no handler for missing');
    expect(await client.request({ type: 'double', n: 1 })).toBe(2);
  });
});
