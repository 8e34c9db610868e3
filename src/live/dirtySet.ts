/**
 * Indices marked changed, each once, handed over oldest first and as many at a time as the taker
 * wants: the sensor table's changed sensors, and the sensor layer's repaint queue.
 */
export class DirtySet {
  private readonly marked: Uint8Array;
  private list: number[] = [];
  /** Where the next take starts: a partial take leaves the rest in order. */
  private head = 0;

  constructor(size: number) {
    this.marked = new Uint8Array(size);
  }

  add(i: number): void {
    if (this.marked[i]) return;
    this.marked[i] = 1;
    this.list.push(i);
  }

  addAll(): void {
    for (let i = 0; i < this.marked.length; i++) this.add(i);
  }

  /** Up to `max` of the marked indices, oldest first, unmarked. */
  take(max = Infinity): number[] {
    const end = Math.min(this.list.length, this.head + max);
    const out = this.head === 0 && end === this.list.length ? this.list : this.list.slice(this.head, end);
    this.head = end;
    if (this.head === this.list.length) {
      this.list = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head > this.list.length / 2) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
    for (const i of out) this.marked[i] = 0;
    return out;
  }

  get size(): number {
    return this.list.length - this.head;
  }
}
