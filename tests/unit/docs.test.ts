/**
 * The README is a front page, and what it and docs/ name exists: a renamed or deleted file that a
 * page still names fails here rather than misleading a reader.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Folders of the repository that a page names in `code`; generated ones (tiles/, dist/, var/) are not checked. */
const CHECKED = /`((?:src|scripts|tests|docs|public|server|bench|\.ci)\/[\w./@-]*)`/g;
const GENERATED = /^public\/cities\/[^/]+\/generated\//;

/** Every path and relative link in a page (`file`, relative to ROOT) that names nothing. */
export function missingPaths(file: string, text: string, exists: (path: string) => boolean = existsSync): string[] {
  const missing: string[] = [];
  for (const m of text.matchAll(CHECKED)) {
    const path = m[1]!.replace(/[.:]+$/, '');
    // Built by `npm run data` (see .gitignore), so absent from a fresh clone until the build.
    if (GENERATED.test(path)) continue;
    if (!exists(join(ROOT, path))) missing.push(`${file}: \`${path}\``);
  }
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^(?:[a-z]+:|#)/.test(target)) continue;
    if (!exists(resolve(dirname(join(ROOT, file)), target.split('#')[0]!))) missing.push(`${file}: (${target})`);
  }
  return missing;
}

const domainPages = readdirSync(join(ROOT, 'src', 'domains')).flatMap((d) => (existsSync(join(ROOT, 'src', 'domains', d, 'README.md')) ? [`src/domains/${d}/README.md`] : []));
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...domainPages];

describe('the README and docs/', () => {
  it('keeps the README a front page of at most 25 KB', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(25 * 1024);
  });

  it('names no path that does not exist (the domains’ READMEs too)', () => {
    expect(domainPages.length).toBeGreaterThanOrEqual(8);
    expect(pages.flatMap((file) => missingPaths(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('would see a missing file and a broken link (the check can fail)', () => {
    const text = 'See `src/nowhere.ts`, `src/main.tsx` and [the page](gone.md#x), [ok](alarms.md), [web](https://example.org).';
    expect(missingPaths('docs/x.md', text)).toEqual(['docs/x.md: `src/nowhere.ts`', 'docs/x.md: (gone.md#x)']);
  });
});
