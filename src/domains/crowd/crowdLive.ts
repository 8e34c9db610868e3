/**
 * The crowds on the page's side of the live worker: the crowd model asked for and its mesh, a
 * drawn perimeter's weights, and the minutes and venue records into the store.
 */
import { liveFeed } from '../../live/liveFeed.ts';
import { useAppStore } from '../../state/store.ts';
import type { AreaWeights } from './areaWeights.ts';
import type { LiveCrowdModel } from './liveTopics.ts';

type Pending<T> = { resolve(v: T): void; reject(e: Error): void };

/** The crowd model asked for, answered when the worker has built its mesh. */
let model: Pending<LiveCrowdModel> | null = null;
const areaAnswers = new Map<number, Pending<AreaWeights>>();
let areaSeq = 0;
let answering = false;

/** The answers to this page's asks, wired on the first ask. */
function answer(): void {
  if (answering) return;
  answering = true;
  liveFeed().on('crowd-model', (ev) => model?.resolve(ev));
  liveFeed().on('crowd-error', (ev) => model?.reject(new Error(ev.message)));
  liveFeed().on('crowd-area', (ev) => {
    const a = areaAnswers.get(ev.id);
    areaAnswers.delete(ev.id);
    if (ev.weights) a?.resolve(ev.weights);
    else a?.reject(new Error(ev.error ?? 'no answer'));
  });
}

/**
 * The crowds on a crowd model: resolves with its hexagons' mesh once the worker has built it; the
 * minutes and venue records then arrive in the store.
 */
export function requestCrowd(modelUrl: string, heightM: number): Promise<LiveCrowdModel> {
  answer();
  return new Promise((resolve, reject) => {
    model = { resolve, reject };
    liveFeed().send({ type: 'crowd', modelUrl, heightM });
  });
}

/** How a drawn perimeter covers the crowd model's hexagons, once the model is loaded. */
export function crowdArea(ring: [number, number][]): Promise<AreaWeights> {
  answer();
  const id = ++areaSeq;
  return new Promise((resolve, reject) => {
    areaAnswers.set(id, { resolve, reject });
    liveFeed().send({ type: 'crowd-area', id, ring });
  });
}

/** Each minute's estimate and the venues' records, into the store as they come. */
export function startCrowdLive(): () => void {
  const offs = [
    liveFeed().on('crowd-minute', ({ type: _type, ...minute }) => useAppStore.getState().setCrowdMinute(minute)),
    liveFeed().on('crowd-updates', ({ venues, gates }) => useAppStore.getState().applyCrowdUpdates(venues, gates)),
  ];
  return () => offs.forEach((off) => off());
}
