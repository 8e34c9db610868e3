import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { DOMAIN_WORDS, MESSAGES } from './messages.ts';
import { zh } from './zh.ts';

const DOMAINS = join(import.meta.dirname, '..', 'domains');

describe('the message catalogue', () => {
  it("finds every domain's messages.ts", () => {
    const withWords = readdirSync(DOMAINS).filter((d) => existsSync(join(DOMAINS, d, 'messages.ts')));
    expect(Object.keys(DOMAIN_WORDS).map((p) => p.split('/')[2]).toSorted()).toEqual(withWords.toSorted());
  });

  it('defines each key once, in both languages', () => {
    const catalogues = [{ zh, en }, ...Object.values(DOMAIN_WORDS).map((d) => d.messages)];
    const seen = new Map<string, number>();
    for (const c of catalogues) {
      expect(Object.keys(c.en).toSorted()).toEqual(Object.keys(c.zh).toSorted());
      for (const key of Object.keys(c.zh)) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect(Object.keys(MESSAGES['zh-CN']).length).toBe(seen.size);
    expect(Object.keys(MESSAGES.en).toSorted()).toEqual(Object.keys(MESSAGES['zh-CN']).toSorted());
  });

  it("has a domain's words in the merged catalogue", () => {
    const some = Object.values(DOMAIN_WORDS)[0]!.messages;
    const [key, text] = Object.entries(some.en)[0]!;
    expect(MESSAGES.en[key as keyof typeof MESSAGES.en]).toBe(text);
  });
});
