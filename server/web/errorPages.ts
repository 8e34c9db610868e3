/**
 * The server's own error answers, in the page's language: `?lang=` of the request when it names
 * one of the app's languages, else the deployment's (runtime-config.json `lang`), else Chinese,
 * as the app itself chooses (it reads no Accept-Language, so neither does this).
 */
import type { ServerResponse } from 'node:http';

export type Lang = 'zh-CN' | 'en';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TEXTS: Record<number, Record<Lang, string>> = {
  400: { 'zh-CN': '请求格式错误', en: 'bad request' },
  404: { 'zh-CN': '未找到该文件', en: 'not found' },
  405: { 'zh-CN': '只接受 GET 和 HEAD 请求', en: 'only GET and HEAD' },
  500: { 'zh-CN': '服务器错误', en: 'server error' },
};

export const isLang = (v: unknown): v is Lang => v === 'zh-CN' || v === 'en';

/** The language of a request's error answer: its `?lang=`, else `fallback`. */
export function requestLang(url: string | undefined, fallback: Lang = 'zh-CN'): Lang {
  const asked = new URLSearchParams(url?.split('?')[1]?.split('#')[0]).get('lang');
  return isLang(asked) ? asked : fallback;
}

/** Answers `status` with its text in `lang`; a 405 says which methods are allowed. */
export function sendError(res: ServerResponse, status: number, lang: Lang): void {
  const text = TEXTS[status] ?? TEXTS[500]!;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Language': lang, 'Cache-Control': 'no-store', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) });
  res.end(text[lang]);
}

/** Ends a request whose handler failed: the status it asked for, or 500, and never a crash. */
export function answerError(res: ServerResponse, e: unknown, lang: Lang = 'zh-CN'): void {
  const status = e instanceof HttpError ? e.status : 500;
  if (status === 500) console.error(`server: ${e instanceof Error ? e.message : String(e)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, status, lang);
}
