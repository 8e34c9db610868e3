/** Where a file's functions longer than a limit start (1-based lines), from the parser Vite itself uses. */
import { readFileSync } from 'node:fs';
import { parseAst } from 'rolldown/parseAst';

export function functionsOver(file: string, maxLines: number): number[] {
  const text = readFileSync(file, 'utf8');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineOf = (pos: number): number => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const found: number[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; start: number; end: number };
    if (n.type && /Function/.test(n.type) && lineOf(n.end) - lineOf(n.start) + 1 > maxLines) found.push(lineOf(n.start) + 1);
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(parseAst(text, { lang: file.endsWith('x') ? 'tsx' : 'ts' }));
  return found;
}
