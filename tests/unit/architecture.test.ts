/**
 * The shape of the code, read from the imports: a domain is one folder (src/domains/<name>/), the
 * platform's folders do not import each other both ways, domains meet only through a domain's
 * index.ts (or ui.ts, for a panel another panel embeds), panels reach neither Cesium, the layers
 * nor the live feed, worker code stays pure, and the browser's code stays off the server's.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionsOver } from '../harness/functionLength.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const SERVER = join(ROOT, 'server');
const SCRIPTS = join(ROOT, 'scripts');
const DOMAINS = join(SRC, 'domains');
const rel = (file: string): string => relative(ROOT, file);

/** Files under `dir` whose names match `pattern`; tests only when `tests` is set. */
function sources(dir: string, pattern = /\.tsx?$/, tests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, pattern, tests);
    return pattern.test(name) && /\.test\.tsx?$/.test(name) === tests ? [path] : [];
  });
}

/** Every module a file imports (static, dynamic, and worker URLs), as paths or package names. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? resolve(dirname(file), s) : s));
}

const domainNames = readdirSync(DOMAINS).filter((d) => statSync(join(DOMAINS, d)).isDirectory());
/** The domain a file belongs to, or null for the platform. */
const domainOf = (file: string): string | null => (file.startsWith(DOMAINS + '/') ? relative(DOMAINS, file).split('/')[0]! : null);
/** A domain's server part runs in Node, inside the operations service. */
const isServerPart = (file: string): boolean => file.startsWith(SERVER + '/') || /\/domains\/[^/]+\/server\//.test(file);

/** The unit a file is in: a domain (domains/<name>), a top folder of src/, or the app shell. */
const unitOf = (file: string): string => {
  const domain = domainOf(file);
  if (domain) return `domains/${domain}`;
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : '(app)';
};

const files = sources(SRC);
const serverFiles = sources(SERVER);
const LIVE_FEED = join(SRC, 'live', 'liveFeed.ts');
const edges = new Map<string, Set<string>>();
for (const file of files) {
  for (const target of importsOf(file)) {
    if (!target.startsWith(SRC)) continue;
    const [from, to] = [unitOf(file), unitOf(target)];
    if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
  }
}

/** Selectors that more than one rule of a stylesheet defines (inside the same @-block). */
export function repeatedSelectors(css: string): string[] {
  const counts = new Map<string, number>();
  const blocks: string[] = [];
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]*)([{}])/g)) {
    const text = m[1]!.trim();
    if (m[2] === '}') {
      blocks.pop();
      continue;
    }
    if (!text.startsWith('@')) {
      for (const part of text.split(',')) {
        const key = `${blocks.filter(Boolean).join(' ')} ${part.split(/\s+/).join(' ')}`.trim();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    blocks.push(text.startsWith('@') ? text : '');
  }
  return [...counts].filter(([, n]) => n > 1).map(([k]) => k);
}

describe('the stylesheets', () => {
  it('define each selector in one rule of one file', () => {
    const all = sources(SRC, /\.css$/).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(repeatedSelectors(all)).toEqual([]);
  });

  it('would see a selector defined twice (the check can fail)', () => {
    expect(repeatedSelectors('.a { x: 1 } .b, .a { y: 2 } @media (x) { .a { z: 3 } }')).toEqual(['.a']);
  });
});

/**
 * The one platform file that names the domains: the registry of layer kinds (adding a scenario
 * with a layer is its folder plus one line there). Every other hub finds the domains by folder.
 */
const REGISTRY = 'src/registry/layerKinds.ts';

describe('domains', () => {
  it('keeps a domain’s files in its folder (src/ and server/)', () => {
    const words = domainNames.map((d) => ({ d, word: new RegExp(`${d.replace(/s$/, '')}(?!In)`, 'i') }));
    const outside = [...files, ...serverFiles, ...sources(SRC, /\.css$/)].filter((f) => !domainOf(f)).flatMap((f) => words.filter(({ word }) => word.test(basename(f))).map(({ d }) => `${rel(f)} (${d})`));
    expect(outside).toEqual([]);
  });

  it('has hubs that name no domain: only the registry does', () => {
    const naming = [...files, ...serverFiles].filter((f) => !domainOf(f) && importsOf(f).some((t) => t.startsWith(DOMAINS + '/'))).map(rel);
    expect(naming).toEqual([REGISTRY]);
  });

  it('meet only through a domain’s index.ts (or ui.ts for a panel), and never import the server part from the browser', () => {
    const bad: string[] = [];
    for (const file of [...files, ...sources(DOMAINS).filter(isServerPart)]) {
      const from = domainOf(file);
      for (const target of importsOf(file)) {
        const to = domainOf(target);
        if (!to || to === from) continue;
        const entry = relative(join(DOMAINS, to), target);
        if (!from) continue;
        if (entry !== 'index.ts' && !(entry === 'ui.ts' && !isServerPart(file))) bad.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('would see a domain file outside its folder (the check can fail)', () => {
    expect(domainNames.length).toBeGreaterThanOrEqual(8);
    expect(existsSync(join(DOMAINS, 'alarms', 'index.ts'))).toBe(true);
  });
});

/** A layer kind's own files: the platform's layer folders and a domain's layer folders. */
const isLayer = (f: string): boolean => /\/(layers|layer|proposals|drawings|analyses)\//.test(f);

describe('src/ folder dependencies', () => {
  it('has no two platform folders that import each other', () => {
    const mutual: string[] = [];
    for (const [a, targets] of edges) for (const b of targets) if (a < b && !a.startsWith('domains/') && !b.startsWith('domains/') && edges.get(b)?.has(a)) mutual.push(`${a} ⇄ ${b}`);
    expect(mutual).toEqual([]);
  });

  it('keeps panels off Cesium, the layers and the live feed, and the platform’s layers off the controllers', () => {
    const bad: string[] = [];
    for (const file of files) {
      // The app shell (src/*.tsx) starts the feed; the scene's components are Cesium's side.
      const panel = file.endsWith('.tsx') && !isLayer(file) && !file.startsWith(join(SRC, 'scene') + '/') && dirname(file) !== SRC;
      for (const target of importsOf(file)) {
        if (panel && (target === 'cesium' || target === 'resium' || (target.startsWith(SRC) && isLayer(target)) || target === LIVE_FEED)) bad.push(`${rel(file)} → ${rel(target) || target}`);
        // Layers draw what the store holds; what happens on a tap goes through the store, not the controllers.
        if (file.startsWith(join(SRC, 'layers')) && target.startsWith(join(SRC, 'controllers'))) bad.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps what a worker runs, and src/analysis, off Cesium, React, the DOM store and the panels', () => {
    // A worker's entry, and what the workers find by folder (import.meta.glob): handlers and feeds.
    const workers = files.filter((f) => f.endsWith('.worker.ts') || basename(f) === 'analysisHandlers.ts' || basename(f) === 'liveTopics.ts');
    const seen = new Set<string>([...workers, ...sources(join(SRC, 'analysis'))]);
    const queue = [...seen];
    const bad: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      for (const target of importsOf(file)) {
        if (/^(cesium|resium|react|react-dom|zustand)$/.test(target) || target.endsWith('.tsx') || target.endsWith('.css') || target.startsWith(join(SRC, 'state'))) bad.push(`${rel(file)} → ${rel(target) || target}`);
        else if (target.startsWith(SRC) && !seen.has(target) && existsSync(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps src/ (its tests too) and server/ off scripts/ (CLI entry points, simulators, the dev stack), and the browser’s code off the server’s and Node’s', () => {
    // Tests beside the code count too: a test that drives a simulator or a generator lives in tests/.
    const srcTests = sources(SRC, /\.test\.tsx?$/, true);
    const bad = [...files, ...srcTests, ...serverFiles].flatMap((file) =>
      importsOf(file)
        .filter((t) => t.startsWith(SCRIPTS + '/') || (!isServerPart(file) && !srcTests.includes(file) && (t.startsWith(SERVER + '/') || (t.startsWith(SRC) && isServerPart(t)) || t.startsWith('node:'))))
        .map((t) => `${rel(file)} → ${t.startsWith('/') ? rel(t) : t}`),
    );
    expect(bad).toEqual([]);
  });

  it('would see a cycle (the check can fail)', () => {
    expect(importsOf(join(SRC, 'main.tsx')).some((t) => t.startsWith(SRC))).toBe(true);
  });
});

/**
 * Source files over 400 lines, and functions over 150, that are still to be split, each named: the
 * lists may only shrink. A new one over the limit, or one of these grown back past it once split, fails.
 */
const OVER_400_TO_SPLIT = new Set(['bench/live.ts', 'scripts/signs/generateCatalogue.ts', 'scripts/city/generateBuildings.ts']);
const FUNCTIONS_OVER_150_TO_SPLIT = new Set<string>([]);

const lineCount = (file: string): number => readFileSync(file, 'utf8').split('\n').length - 1;

describe('sizes', () => {
  const all = (dir: string, pattern: RegExp): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return all(path, pattern);
      return pattern.test(name) ? [path] : [];
    });

  it('has no source file over 400 lines but the named ones', () => {
    const over = ['src', 'server', 'scripts', 'bench', 'tests'].flatMap((d) => all(join(ROOT, d), /\.(tsx?|css)$/)).filter((f) => lineCount(f) > 400).map(rel);
    expect(over.filter((f) => !OVER_400_TO_SPLIT.has(f))).toEqual([]);
    expect([...OVER_400_TO_SPLIT].filter((f) => !over.includes(f))).toEqual([]);
  });

  it('has no function over 150 lines but the named ones (test suites aside)', () => {
    const code = ['src', 'server', 'scripts', 'bench'].flatMap((d) => all(join(ROOT, d), /\.tsx?$/)).filter((f) => !/\.(test|d)\.tsx?$/.test(f));
    const over = code.flatMap((f) => functionsOver(f, 150).map((name) => `${rel(f)}: ${name}`));
    expect(over.filter((f) => !FUNCTIONS_OVER_150_TO_SPLIT.has(f))).toEqual([]);
    expect([...FUNCTIONS_OVER_150_TO_SPLIT].filter((f) => !over.includes(f))).toEqual([]);
  });

  it('would see a long function (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'long-'));
    const file = join(dir, 'long.ts');
    try {
      writeFileSync(file, `export function long(): number {\n  let n = 0;\n${'  n++;\n'.repeat(150)}  return n;\n}\n`);
      expect(functionsOver(file, 150)).toEqual(['long']);
      expect(functionsOver(file, 160)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
