// Redaction of what a probed server may hand back that is not ours to keep: a tool that dumps its process
// environment (MCP server-everything's `get-env` does), or a value shaped like a credential. The run's own
// keys are redacted by value in the HTTP client; this catches the server's secrets, which the suite never
// knew. Applied to the transcripts of agent endpoints (MCP, A2A), where tool output lands verbatim.

/** Well-known credential shapes (provider key prefixes, private-key blocks, JWTs, bearer tokens). */
const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{12,}=*/g,
];

/** Variable names whose value is a secret wherever it appears as NAME=value or "NAME": "value". */
const SECRET_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD_|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|DSN|DATABASE_URL|CONN)/i;

/** Names that mark an object or a KEY=value block as a process environment. */
const ENV_MARKERS = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'HOSTNAME',
  'LANG',
  'TERM',
  'NODE_ENV',
  'LOGNAME',
  'TMPDIR',
  'NODE_VERSION',
  'npm_config_cache',
  'npm_lifecycle_event',
]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when a JSON object looks like a dump of a process environment: many env-style names, some well-known. */
export function looksLikeEnvironment(o: unknown): o is Record<string, unknown> {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const keys = Object.keys(o);
  if (keys.length < 3) return false;
  const envStyle = keys.filter((k) => ENV_NAME.test(k) && typeof (o as Record<string, unknown>)[k] === 'string').length;
  const markers = keys.filter((k) => ENV_MARKERS.has(k)).length;
  return envStyle / keys.length >= 0.8 && markers >= 2;
}

function redactJson(v: unknown): { value: unknown; changed: boolean } {
  if (typeof v === 'string') {
    const inner = redactSecretShapes(v);
    return { value: inner, changed: inner !== v };
  }
  if (Array.isArray(v)) {
    let changed = false;
    const value = v.map((x) => {
      const r = redactJson(x);
      changed ||= r.changed;
      return r.value;
    });
    return { value, changed };
  }
  if (v && typeof v === 'object') {
    if (looksLikeEnvironment(v)) return { value: Object.fromEntries(Object.keys(v).map((k) => [k, '***'])), changed: true };
    let changed = false;
    const value: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && x && SECRET_NAME.test(k) && ENV_NAME.test(k) && k === k.toUpperCase()) {
        value[k] = '***';
        changed = true;
        continue;
      }
      const r = redactJson(x);
      changed ||= r.changed;
      value[k] = r.value;
    }
    return { value, changed };
  }
  return { value: v, changed: false };
}

/**
 * `text` with environment dumps and credential-shaped values replaced by `***`. JSON found in the text
 * (the whole text, or a JSON string embedded in it, as a tool's text content is) is redacted structurally;
 * KEY=value lines are redacted when the name says secret or the block reads as an environment.
 */
export function redactSecretShapes(text: string): string {
  let out = text;
  // A JSON document (an MCP response body, a tool's JSON text) — redact structurally, keep it parseable.
  const trimmed = out.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      const r = redactJson(JSON.parse(trimmed));
      if (r.changed) return JSON.stringify(r.value);
    } catch {
      /* not JSON: fall through to the textual rules */
    }
  }
  for (const p of SECRET_PATTERNS) out = out.replace(p, '***');
  // KEY=value lines: an environment printed as text (`env`, `printenv`).
  const lines = out.split('\n');
  const assignments = lines.filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l));
  const isEnvBlock = assignments.length >= 3 && assignments.filter((l) => ENV_MARKERS.has(l.slice(0, l.indexOf('=')))).length >= 2;
  out = lines
    .map((l) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
      if (!m) return l;
      return isEnvBlock || SECRET_NAME.test(m[1]) ? `${m[1]}=***` : l;
    })
    .join('\n');
  return out;
}

/** An SSE body (or any text) with each `data:` line's JSON redacted, and secret shapes elsewhere. */
export function redactResponseBody(body: string): string {
  if (!/^data:/m.test(body)) return redactSecretShapes(body);
  return body
    .split('\n')
    .map((l) => (l.startsWith('data:') ? `data: ${redactSecretShapes(l.slice(5).trim())}` : l))
    .join('\n');
}
