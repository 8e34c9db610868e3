import type { ClusterRequest, Clustering } from './clusters.ts';

/**
 * The layer's side of the cluster worker. One request is in flight at a time; those asked for
 * meanwhile collapse into the newest (keeping the newest sensors any of them carried), so a storm
 * or a long camera move costs one clustering per answer, never a queue of stale ones.
 */
export class ClusterClient {
  private readonly worker = new Worker(new URL('./clusters.worker.ts', import.meta.url), { type: 'module' });
  private busy = false;
  private next: ClusterRequest | null = null;

  constructor(
    onResult: (c: Clustering) => void,
    /** The worker could not run: the layer shows every sensor unclustered. */
    onFailure: (message: string) => void,
  ) {
    this.worker.addEventListener('message', (e: MessageEvent<Clustering>) => {
      this.busy = false;
      onResult(e.data);
      if (this.next) this.send(this.next);
    });
    this.worker.addEventListener('error', (e) => {
      this.busy = false;
      onFailure(e.message || 'cluster worker failed');
    });
  }

  request(r: ClusterRequest): void {
    if (!this.busy) return this.send(r);
    this.next = { ...r, sensors: r.sensors ?? this.next?.sensors ?? null };
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(r: ClusterRequest): void {
    this.busy = true;
    this.next = null;
    const transfer = r.sensors ? [r.sensors.lon.buffer, r.sensors.lat.buffer, r.sensors.rank.buffer, r.sensors.district.buffer] : [];
    this.worker.postMessage(r, transfer);
  }
}
