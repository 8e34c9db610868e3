/**
 * The page's main-thread tasks from a Chromium trace, each with its wall time and its own CPU time
 * (the trace's thread time). A task that waited for a core is long by the wall and short by the
 * CPU: on a 2-core machine shared with SwiftShader, the publisher and the broker, the two differ.
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface TaskTimes {
  tasks: number;
  longestWallMs: number;
  longestCpuMs: number;
  overWall: number;
  overCpu: number;
}

/** Traces the page while `during` runs; tasks over `limitMs` are counted by wall and by CPU. */
export async function traceTasks(page: Page, during: () => Promise<void>, limitMs = 50): Promise<TaskTimes> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    // Chromium's trace events, typed by the protocol as string maps.
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.name === 'RunTask' || ev.name === 'thread_name') events.push(ev);
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline,devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await during();
  } finally {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
  // The page's renderer: the main thread that ran the most.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}/${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const total = (list: TraceEvent[]): number => list.reduce((a, e) => a + (e.tdur ?? 0), 0);
  const tasks = [...byThread.values()].toSorted((a, b) => total(b) - total(a))[0] ?? [];
  const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
  const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
  return {
    tasks: tasks.length,
    longestWallMs: Math.max(0, ...wall),
    longestCpuMs: Math.max(0, ...cpu),
    overWall: wall.filter((ms) => ms > limitMs).length,
    overCpu: cpu.filter((ms) => ms > limitMs).length,
  };
}
