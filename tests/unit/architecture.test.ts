/**
 * The shape of src/, read from the imports: data flows one way, so no two folders import each
 * other, panels reach neither Cesium nor the layers, and the pure analysis stays pure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const SERVER = resolve(import.meta.dirname, '..', '..', 'server');
const SCRIPTS = resolve(import.meta.dirname, '..', '..', 'scripts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The top folder of src/ a file is in; files at the top are the app shell. */
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : '(app)';
};

/** Every module a file imports (static, dynamic, and worker URLs), as paths or package names. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? resolve(dirname(file), s) : s));
}

const files = sources(SRC);
/** The live feed itself: panels ask it through src/controllers/liveActions.ts. */
const LIVE_FEED = join(SRC, 'live', 'liveFeed.ts');
const edges = new Map<string, Set<string>>();
for (const file of files) {
  for (const target of importsOf(file)) {
    if (!target.startsWith(SRC)) continue;
    const [from, to] = [folderOf(file), folderOf(target)];
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

describe('the stylesheet', () => {
  it('defines each selector in one rule', () => {
    expect(repeatedSelectors(readFileSync(join(SRC, 'styles.css'), 'utf8'))).toEqual([]);
  });

  it('would see a selector defined twice (the check can fail)', () => {
    expect(repeatedSelectors('.a { x: 1 } .b, .a { y: 2 } @media (x) { .a { z: 3 } }')).toEqual(['.a']);
  });
});

describe('src/ folder dependencies', () => {
  it('has no two folders that import each other', () => {
    const mutual: string[] = [];
    for (const [a, targets] of edges) for (const b of targets) if (a < b && edges.get(b)?.has(a)) mutual.push(`${a} ⇄ ${b}`);
    expect(mutual).toEqual([]);
  });

  it('keeps panels off Cesium, the layers and the live feed, layers off the controllers, and analysis off Cesium, React and the DOM store', () => {
    const bad: string[] = [];
    for (const file of files) {
      const folder = folderOf(file);
      for (const target of importsOf(file)) {
        if (folder === 'panels' && (target === 'cesium' || target === 'resium' || target.startsWith(join(SRC, 'layers')) || target === LIVE_FEED)) bad.push(`${relative(SRC, file)} → ${relative(SRC, target) || target}`);
        if (folder === 'analysis' && (/^(cesium|resium|react|zustand)$/.test(target) || target.startsWith(join(SRC, 'state')))) bad.push(`${relative(SRC, file)} → ${target}`);
        // Layers draw what the store holds; what happens on a tap goes through the store, not the controllers.
        if (folder === 'layers' && target.startsWith(join(SRC, 'controllers'))) bad.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps src/ and server/ off scripts/ (CLI entry points, simulators, the dev stack), and src/ off server/', () => {
    const bad = [...files, ...sources(SERVER)].flatMap((file) =>
      importsOf(file)
        .filter((t) => t.startsWith(SCRIPTS + '/') || (file.startsWith(SRC + '/') && t.startsWith(SERVER + '/')))
        .map((t) => `${relative(resolve(SRC, '..'), file)} → ${relative(resolve(SRC, '..'), t)}`),
    );
    expect(bad).toEqual([]);
  });

  it('would see a cycle (the check can fail)', () => {
    expect(importsOf(join(SRC, 'main.tsx')).some((t) => t.startsWith(SRC))).toBe(true);
  });
});

/**
 * Source files over 400 lines that are still to be split, each named: the list may only shrink.
 * A new file over the limit, or one of these grown back past it once split, fails.
 */
const OVER_400_TO_SPLIT = new Set(['src/styles.css', 'src/i18n/messages.ts', 'bench/live.ts', 'scripts/signs/generateCatalogue.ts', 'scripts/city/generateBuildings.ts']);

const lineCount = (file: string): number => readFileSync(file, 'utf8').split('\n').length - 1;

describe('file sizes', () => {
  const ROOT = resolve(SRC, '..');
  const all = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return all(path);
      return /\.(tsx?|css)$/.test(name) ? [path] : [];
    });

  it('has no source file over 400 lines but the named ones', () => {
    const over = ['src', 'server', 'scripts', 'bench', 'tests'].flatMap((d) => all(join(ROOT, d))).filter((f) => lineCount(f) > 400).map((f) => relative(ROOT, f));
    expect(over.filter((f) => !OVER_400_TO_SPLIT.has(f))).toEqual([]);
    // A named file that has been split leaves the list.
    expect([...OVER_400_TO_SPLIT].filter((f) => !over.includes(f))).toEqual([]);
  });
});

