/**
 * A file's functions longer than a limit, each named as its declaration, variable, property or
 * method names it (`(anonymous)` else), from the parser Vite itself uses.
 */
import { readFileSync } from 'node:fs';
import { parseAst } from 'rolldown/parseAst';

export function functionsOver(file: string, maxLines: number): string[] {
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
  const found: string[] = [];
  type Node = { type?: string; start: number; end: number; id?: { name?: string } | null; key?: { name?: string } | null };
  const visit = (node: unknown, parent: Node | null): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent));
    const n = node as Node;
    if (n.type && /Function/.test(n.type) && lineOf(n.end) - lineOf(n.start) + 1 > maxLines) found.push(n.id?.name ?? parent?.id?.name ?? parent?.key?.name ?? '(anonymous)');
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value, n.type ? n : parent);
  };
  visit(parseAst(text, { lang: file.endsWith('x') ? 'tsx' : 'ts' }), null);
  return found;
}
