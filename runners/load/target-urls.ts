// A target descriptor names keys only by environment variable (`api_key_env`). A URL that carries a credential —
// `https://user:pass@host/…`, or a query parameter such as `?api_key=…` / `?access_token=…` — would put the key
// into the descriptor, the journal header, results.json and every report, so `govllm validate` and `govllm run`
// refuse it, naming where it is and never printing the value.

import type { Target } from '../core/types.ts';
import { displayPath, type ParsedDocument } from './documents.ts';

/** Parts of a query parameter name (split at `-`, `_`, `.` and camelCase) that mark it as a secret. */
const SECRET_PARTS = new Set([
  'key',
  'apikey',
  'token',
  'accesstoken',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'auth',
  'authorization',
  'sig',
  'signature',
  'credential',
  'credentials',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'bearer',
  'cookie',
]);

export function secretLookingParam(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_PARTS.has(lower.replace(/[-_.]/g, ''))) return true;
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.\s]+/);
  return parts.some((p) => SECRET_PARTS.has(p));
}

/** Problems with credentials in the descriptor's URLs: `path: message`, values never shown. */
export function targetUrlProblems(target: Target, doc?: ParsedDocument<unknown>): string[] {
  const problems: string[] = [];
  const where = (parts: (string | number)[]) => {
    const line = doc?.lineOf(parts);
    const p = parts
      .map((x) => (typeof x === 'number' ? `[${x}]` : x))
      .join('.')
      .replace(/\.\[/g, '[');
    return `${doc ? `${displayPath(doc.file)}${line ? `:${line}` : ''} ` : `target "${target.name}": `}${p}`;
  };
  const walk = (v: unknown, parts: (string | number)[]) => {
    if (typeof v === 'string') {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim())) return;
      let u: URL;
      try {
        u = new URL(v.trim());
      } catch {
        return; // the schema's `format: uri` reports a broken URL
      }
      if (u.username || u.password) {
        problems.push(`${where(parts)}: the URL carries a user name or password; name the key with api_key_env instead (the value is not shown)`);
      }
      const bad = [...new Set([...u.searchParams.keys()].filter(secretLookingParam))];
      if (bad.length) {
        problems.push(
          `${where(parts)}: the URL's query holds ${bad.map((b) => `"${b}"`).join(', ')}, which looks like a credential; name the key with api_key_env instead (the value is not shown)`,
        );
      }
      if (u.hash && /(?:^#|&)(?:access_token|id_token|token|key)=/i.test(u.hash)) {
        problems.push(`${where(parts)}: the URL's fragment holds a token; name the key with api_key_env instead (the value is not shown)`);
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...parts, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...parts, k]);
  };
  walk(target, []);
  return problems;
}
