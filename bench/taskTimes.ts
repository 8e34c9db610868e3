/**
 * The page's main-thread tasks from a Chromium trace, each with its wall time and its own CPU time
 * (the trace's thread time). A task that waited for a core is long by the wall and short by the
 * CPU: on a 2-core machine shared with SwiftShader, the publisher and the broker, the two differ.
 * The longest tasks by CPU are named by what ran inside them (timer, frame, worker message, GC),
 * so that a long one can be found in the code.
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number; type?: string; message?: string } };
}

export interface TaskTimes {
  tasks: number;
  longestWallMs: number;
  longestCpuMs: number;
  overWall: number;
  overCpu: number;
  /** The three longest tasks by CPU: wall and CPU ms, and the heaviest events inside each. */
  heaviest: string[];
}

/** The events the timeline records inside a task that say what it was. */
const INSIDE = new Set(['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'HandlePostMessage', 'RunMicrotasks', 'MajorGC', 'MinorGC', 'BlinkGC.AtomicPhase', 'EvaluateScript', 'v8.compile', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint']);

function label(e: TraceEvent): string {
  const d = e.args?.data;
  if (e.name === 'FunctionCall' && d) return `FunctionCall ${d.functionName || '(anonymous)'}@${(d.url ?? '').split('/').at(-1)}:${d.lineNumber ?? '?'}:${d.columnNumber ?? '?'}`;
  if (e.name === 'EventDispatch' && d?.type) return `EventDispatch ${d.type}`;
  return e.name;
}

const ms = (us: number | undefined): string => ((us ?? 0) / 1000).toFixed(0);

/** Traces the page while `during` runs; tasks over `limitMs` are counted by wall and by CPU. */
export async function traceTasks(page: Page, during: () => Promise<void>, limitMs = 50): Promise<TaskTimes> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    // Chromium's trace events, typed by the protocol as string maps.
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.name === 'thread_name' || ev.ph === 'X' || (ev.name === 'TimeStamp' && ev.args?.data?.message === 'canton-twin:trace-window')) events.push(ev);
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline,devtools.timeline', transferMode: 'ReportEvents' });
  // Starting the trace costs the page a long task of its own: tasks count from this mark on.
  await page.evaluate(() => console.timeStamp('canton-twin:trace-window'));
  try {
    await during();
    await page.evaluate(() => console.timeStamp('canton-twin:trace-window'));
  } finally {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
  // Stopping it costs another (the page's trace buffers flushed), and so does a probe returning its
  // samples: tasks count if they end before the next mark, which `during` may set itself (the task
  // that sets a mark is the bench's evaluation, not the page's).
  const marks = events.filter((e) => e.name === 'TimeStamp').map((e) => e.ts).toSorted((a, b) => a - b);
  const from = marks[0] ?? 0;
  const to = marks[1] ?? Infinity;
  // The page's renderer: the main thread that ran the most.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}/${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(key) || e.ts < from || e.ts + (e.dur ?? 0) > to) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const total = (list: TraceEvent[]): number => list.reduce((a, e) => a + (e.tdur ?? 0), 0);
  const tasks = [...byThread.values()].toSorted((a, b) => total(b) - total(a))[0] ?? [];
  const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
  const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
  const thread = tasks[0] ? `${tasks[0].pid}/${tasks[0].tid}` : '';
  const inside = events.filter((e) => e.name !== 'RunTask' && e.ph === 'X' && `${e.pid}/${e.tid}` === thread);
  const heaviest = tasks
    .toSorted((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, 3)
    .map((t) => {
      const within = inside.filter((e) => INSIDE.has(e.name) && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0)).toSorted((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
      const names = within.slice(0, 4).map((e) => `${label(e)} ${ms(e.tdur)}`);
      return `${ms(t.dur)} ms wall / ${ms(t.tdur)} ms CPU: ${names.join(', ') || 'nothing named'}`;
    });
  return {
    tasks: tasks.length,
    longestWallMs: Math.max(0, ...wall),
    longestCpuMs: Math.max(0, ...cpu),
    overWall: wall.filter((x) => x > limitMs).length,
    overCpu: cpu.filter((x) => x > limitMs).length,
    heaviest,
  };
}
