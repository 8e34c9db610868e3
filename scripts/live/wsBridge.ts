/**
 * A WebSocket-to-TCP bridge for MQTT: browsers speak MQTT over WebSocket to it, and it opens one
 * TCP connection per browser to the broker's MQTT listener. It is a transport, not a broker: each
 * browser keeps its own MQTT session and login, so the broker's ACL holds as before.
 *
 * Why: MQTT over WebSocket is a byte stream, so a frame may carry many packets. Mosquitto's own
 * listener sends one frame per packet, and the browser's cost is per frame (bench:live measures
 * both paths in one run). The bridge sends what the broker wrote in one turn of the event loop
 * as one frame (packetFrames below, which the embedded Aedes uses too).
 *
 * CLI: tsx scripts/live/wsBridge.ts [--listen 8083] [--host 127.0.0.1] [--mqtt 127.0.0.1:1883]
 * Behind TLS, a reverse proxy (nginx, Caddy) terminates wss:// and forwards /mqtt here.
 */
import { connect } from 'node:net';
import { Duplex, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A WebSocket as a byte stream (what Aedes and a TCP socket expect), sending whatever Aedes writes in one turn of the
 * event loop as one WebSocket frame. Aedes writes each MQTT packet in several small pieces; sent
 * one frame each, they cap fan-out (see ../shared/BROKERS.md).
 */
export function packetFrames(ws: WebSocket, onFrame?: (bytes: number) => void): Duplex {
  let pending: Buffer[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || ws.readyState !== ws.OPEN) return;
    const frame = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    ws.send(frame, { binary: true });
    onFrame?.(frame.byteLength);
  };
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      // Hold the writer back while the socket's own buffer is deep: Aedes then queues, as it does on TCP.
      if (ws.bufferedAmount < 8 * 1024 * 1024) return callback();
      const wait = setInterval(() => {
        if (ws.bufferedAmount < 1024 * 1024 || ws.readyState !== ws.OPEN) {
          clearInterval(wait);
          callback();
        }
      }, 5);
    },
    final(callback) {
      flush();
      ws.close();
      callback();
    },
    destroy(err, callback) {
      ws.terminate();
      callback(err);
    },
  });
  ws.on('message', (data: Buffer) => stream.push(data));
  ws.on('close', () => stream.push(null));
  ws.on('error', (err) => stream.destroy(err));
  return stream;
}

export interface WsBridge {
  url: string;
  /** Open browser connections. */
  connections(): number;
  /** Frames and bytes sent to browsers since the start. */
  sent(): { frames: number; bytes: number };
  close(): Promise<void>;
}

export async function startWsBridge(o: { host: string; port: number; path?: string; mqtt: { host: string; port: number } }): Promise<WsBridge> {
  const path = o.path ?? '/mqtt';
  const wss = new WebSocketServer({ host: o.host, port: o.port, path, perMessageDeflate: false, handleProtocols: (ps) => (ps.has('mqtt') ? 'mqtt' : false) });
  const sent = { frames: 0, bytes: 0 };
  const count = (bytes: number): void => {
    sent.frames++;
    sent.bytes += bytes;
  };
  wss.on('connection', (ws) => {
    const tcp = connect(o.mqtt);
    // No Nagle: a PUBACK or a subscription goes out at once (see brokers.ts).
    tcp.setNoDelay(true);
    const frames = packetFrames(ws, count);
    // Either side closing closes the other; the browser then reconnects as it would to the broker.
    pipeline(frames, tcp, frames, () => {
      tcp.destroy();
      ws.terminate();
    });
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  return {
    url: `ws://${o.host}:${o.port}${path}`,
    connections: () => wss.clients.size,
    sent: () => ({ ...sent }),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values: v } = parseArgs({ options: { listen: { type: 'string', default: '8083' }, host: { type: 'string', default: '127.0.0.1' }, mqtt: { type: 'string', default: '127.0.0.1:1883' } } });
  const [mqttHost = '127.0.0.1', mqttPort = '1883'] = v.mqtt.split(':');
  const bridge = await startWsBridge({ host: v.host, port: Number(v.listen), mqtt: { host: mqttHost, port: Number(mqttPort) } });
  console.log(`MQTT WebSocket bridge: ${bridge.url} → mqtt://${mqttHost}:${mqttPort}`);
  process.on('SIGTERM', () => void bridge.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
}
