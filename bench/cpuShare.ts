/**
 * Where the CPU went during a bench window, from Linux's /proc/<pid>/task/<tid>/schedstat (time
 * on a CPU and time runnable but waiting for one). On a 2-core machine the page's main thread
 * shares the cores with SwiftShader's raster threads, the live worker, the publisher and the
 * broker; a long task can be the thread waiting for a core rather than working.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

interface ThreadTimes {
  group: string;
  /** The renderer's main thread (its tid is the process id). */
  rendererMain: boolean;
  runMs: number;
  waitMs: number;
}

type Snapshot = Map<string, ThreadTimes>;

/** What a process is, for the report: Chromium's GPU process (SwiftShader), a renderer, or its command name. */
function groupOf(pid: string): string | null {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (cmdline.includes('--type=gpu-process')) return 'GPU process (SwiftShader)';
    if (cmdline.includes('--type=renderer')) return 'renderer';
    if (comm === 'chromium') return null;
    return comm;
  } catch {
    return null;
  }
}

export function cpuSnapshot(): Snapshot | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const out: Snapshot = new Map();
  for (const pid of pids) {
    const group = groupOf(pid);
    if (!group) continue;
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        out.set(`${pid}/${tid}`, { group, rendererMain: group === 'renderer' && tid === pid, runMs: run! / 1e6, waitMs: wait! / 1e6 });
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return out.size > 0 ? out : null;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One line: the page's main thread's time on a CPU and waiting for one, and the CPU by process kind. */
export function cpuReport(before: Snapshot | null, after: Snapshot | null, wallMs: number): string {
  if (!before || !after) return 'CPU shares: /proc is not readable here';
  const byGroup = new Map<string, number>();
  let main = { runMs: 0, waitMs: 0 };
  for (const [key, t] of after) {
    const b = before.get(key);
    const run = t.runMs - (b?.runMs ?? 0);
    const wait = t.waitMs - (b?.waitMs ?? 0);
    const group = t.group === 'renderer' && !t.rendererMain ? 'renderer workers' : t.group;
    byGroup.set(group, (byGroup.get(group) ?? 0) + run);
    // The page's renderer is the one whose main thread ran most.
    if (t.rendererMain && run > main.runMs) main = { runMs: run, waitMs: wait };
  }
  byGroup.delete('renderer');
  const groups = [...byGroup].filter(([, ms]) => ms >= 100).toSorted((a, b) => b[1] - a[1]);
  return (
    `page main thread on a CPU ${s(main.runMs)}, runnable but waiting for one ${s(main.waitMs)}, of ${s(wallMs)}; ` +
    `CPU by process: ${groups.map(([g, ms]) => `${g} ${s(ms)}`).join(', ')}`
  );
}

/**
 * Sets the scheduling niceness of the load: every thread of this process (the publisher, embedded
 * Aedes, the WebSocket bridge, the Node subscriber) and of its child processes other than
 * Chromium's (Mosquitto, websockify). On this machine they share two cores with the page; in a
 * deployment they run on other machines, which a low priority here stands in for. Returns false
 * where the system refuses (only root may lower it back).
 */
export function setLoadNice(nice: number, withGpu = false): boolean {
  const pids = [String(process.pid)];
  try {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The parent's pid is the second field after the command, which is in parentheses.
        const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if ((ppid === String(process.pid) && !cmdline.includes('chrom')) || (withGpu && cmdline.includes('--type=gpu-process'))) pids.push(pid);
      } catch {
        // The process ended meanwhile.
      }
    }
    for (const pid of pids) for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
    return true;
  } catch {
    return false;
  }
}

/** Chromium's processes under this one (the browser, its GPU process, renderers, utilities), by pid. */
function chromiumProcesses(): { pid: string; cmdline: string }[] {
  const parentOf = new Map<string, string>();
  const cmdlines = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
      cmdlines.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      // The process ended meanwhile.
    }
  }
  const underUs = (pid: string): boolean => {
    for (let p = parentOf.get(pid); p && p !== '0'; p = parentOf.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  return [...cmdlines].filter(([pid, cmdline]) => cmdline.includes('chrom') && underUs(pid)).map(([pid, cmdline]) => ({ pid, cmdline }));
}

/**
 * Puts the renderers' main threads in Linux's real-time class (SCHED_FIFO, priority 1, chrt) or
 * back in the normal one: a main thread that wakes then takes a core at once, ahead of the load,
 * SwiftShader and Chromium's other threads, as on a viewer machine with a core to spare. Only the
 * kernel's own work (softirqs, which carry the loopback traffic here) still comes first. It
 * works where the page is idle most of the time, as here (the main thread is on a CPU about 3 %
 * of the flood). Returns false where it cannot be done (not Linux, no chrt, not root).
 */
export function realTimeMainThreads(on: boolean): boolean {
  let done = 0;
  for (const { pid, cmdline } of chromiumProcesses()) {
    if (!cmdline.includes('--type=renderer')) continue;
    try {
      execFileSync('chrt', on ? ['-f', '-p', '1', pid] : ['-o', '-p', '0', pid], { stdio: 'ignore' });
      done++;
    } catch {
      // Not permitted, or the renderer ended meanwhile.
    }
  }
  return done > 0;
}
