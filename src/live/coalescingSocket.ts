/**
 * A WebSocket for mqtt.js that hands over incoming data in batches. Brokers such as Mosquitto send
 * one WebSocket frame per MQTT packet, and mqtt.js's browser stream costs far more per chunk than
 * per byte; joining the frames that arrive within a few milliseconds into one chunk lifts the
 * worker's intake several times over. The MQTT parser is a byte stream, so chunk borders don't matter.
 */
const BATCH_MS = 4;
const BATCH_BYTES = 256 * 1024;

export class CoalescingSocket extends EventTarget {
  readonly CONNECTING = WebSocket.CONNECTING;
  readonly OPEN = WebSocket.OPEN;
  readonly CLOSING = WebSocket.CLOSING;
  readonly CLOSED = WebSocket.CLOSED;
  private readonly socket: WebSocket;
  private pending: ArrayBuffer[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, protocols: string[]) {
    super();
    this.socket = new WebSocket(url, protocols);
    this.socket.binaryType = 'arraybuffer';
    for (const type of ['open', 'error'] as const) this.socket.addEventListener(type, (e) => this.dispatchEvent(new Event(e.type)));
    this.socket.addEventListener('close', (e) => {
      this.flush();
      this.dispatchEvent(new CloseEvent('close', { code: e.code, reason: e.reason, wasClean: e.wasClean }));
    });
    this.socket.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
      this.pending.push(e.data);
      this.pendingBytes += e.data.byteLength;
      if (this.pendingBytes >= BATCH_BYTES) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
    });
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  get binaryType(): BinaryType {
    return 'arraybuffer';
  }

  /** mqtt.js sets it; this socket always delivers ArrayBuffers. */
  set binaryType(_value: BinaryType) {}

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    this.socket.send(data as ArrayBuffer);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    let data: ArrayBuffer;
    if (this.pending.length === 1) data = this.pending[0]!;
    else {
      const joined = new Uint8Array(this.pendingBytes);
      let at = 0;
      for (const b of this.pending) {
        joined.set(new Uint8Array(b), at);
        at += b.byteLength;
      }
      data = joined.buffer;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}
