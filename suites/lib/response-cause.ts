// Names what an HTTP response actually is, so a check's message states the real cause: a gateway's HTML
// error page served with 200, a 5xx, a length rejection, a catch-all landing page. Used by checks that
// would otherwise read every non-answer as the defect they look for (e.g. "silent truncation").

import type { HttpResponse } from '../../runners/http/client.ts';

/** A short description of a body: `text/html page "502 Bad Gateway"`, `JSON {"error": …}`, `empty body`. */
export function describeBody(res: Pick<HttpResponse, 'headers' | 'text'>): string {
  const type = (res.headers['content-type'] ?? '').split(';')[0].trim() || 'no content-type';
  const text = res.text.trim();
  if (!text) return `empty body (${type})`;
  if (isHtml(res)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1];
    return `${type} page${title ? ` "${clip(title.trim(), 60)}"` : ''}`;
  }
  try {
    const body = JSON.parse(text);
    const msg = body?.error?.message ?? body?.message ?? body?.detail ?? (typeof body?.error === 'string' ? body.error : undefined);
    return typeof msg === 'string' ? `JSON error "${clip(msg, 80)}"` : `JSON ${clip(JSON.stringify(body), 80)}`;
  } catch {
    return `${type} "${clip(text.replace(/\s+/g, ' '), 60)}"`;
  }
}

export function isHtml(res: Pick<HttpResponse, 'headers' | 'text'>): boolean {
  const type = res.headers['content-type'] ?? '';
  return /html/i.test(type) || /^\s*(<!doctype html|<html)/i.test(res.text);
}

/**
 * A 4xx that rejects the input itself (too long, malformed) rather than the caller (401/403), the route
 * (404) or the pace (429). A context probe is built like the probes that work, so this is its length.
 */
export const rejectsInput = (status: number) => status === 400 || status === 413 || status === 422;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
