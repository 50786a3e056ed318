// The one redactor every string leaving the process passes: outcomes (message, observed, expected), the journal,
// results.json, transcripts, artifacts, reports and the console. It knows every secret the run holds (the keys the
// target's `*_env` variables name, the judge's key) and replaces each with `***` in every form a target could
// echo it back in:
//   - raw, and so also `Bearer <key>` (→ `Bearer ***`);
//   - URL-encoded (upper- and lower-case hex, `+` for space) and JSON-escaped;
//   - base64 and base64url of any text holding the key — `base64("Bearer <key>")`, `base64("user:<key>")`, a JWT
//     segment — found by encoding the key at each of the three byte alignments base64 can put it at and matching
//     the characters that depend on the key alone (at most two bytes' worth at each end stay, never the key).
// Replacement is one regular expression over all forms, longest first, so a large body is scanned once.

export const REDACTED = '***';

/** Secrets shorter than this are not redacted (they would match everywhere); keys are far longer. */
const MIN_SECRET = 4;
/** A base64 form shorter than this is not used (too likely to match unrelated base64). */
const MIN_BASE64 = 8;

function base64Forms(secret: string): string[] {
  const key = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  // The whole `Bearer <key>` header value, encoded on its own.
  out.push(Buffer.from(`Bearer ${secret}`, 'utf8').toString('base64'));
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), key]).toString('base64');
    // Base64 groups (3 bytes → 4 characters) that lie wholly inside the key.
    const start = Math.ceil(k / 3);
    const end = Math.floor((k + key.length) / 3);
    if (end <= start) continue;
    const core = b64.slice(4 * start, 4 * end);
    if (core.length >= MIN_BASE64) out.push(core);
  }
  return out.flatMap((s) => [s, s.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/** Every form of `secret` a target or a file could carry it in. */
export function secretForms(secret: string): string[] {
  const enc = encodeURIComponent(secret);
  const forms = new Set<string>([
    secret,
    enc,
    enc.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    enc.replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    ...base64Forms(secret),
  ]);
  return [...forms].filter((f) => f.length >= MIN_SECRET);
}

export class Redactor {
  private readonly pattern?: RegExp;
  readonly secrets: readonly string[];

  constructor(secrets: Iterable<string | undefined | null>) {
    this.secrets = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET))];
    const forms = [...new Set(this.secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
    if (forms.length) this.pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  }

  /** `s` with every form of every secret replaced by `***`. */
  text = (s: string): string => (this.pattern && s ? s.replace(this.pattern, REDACTED) : s);

  /** A deep copy of `v` with every string (and object key) redacted; other values as they are. */
  value = <T>(v: T): T => {
    if (!this.pattern) return v;
    const walk = (x: unknown, depth: number): unknown => {
      if (typeof x === 'string') return this.text(x);
      if (x === null || typeof x !== 'object') return x;
      // Deeper than any value the suite records (parsing refuses far less): kept out rather than unredacted.
      if (depth > 200) return '[nested too deep to record]';
      if (Array.isArray(x)) return x.map((e) => walk(e, depth + 1));
      if (Buffer.isBuffer(x) || ArrayBuffer.isView(x)) return x;
      const o: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(x)) o[this.text(k)] = walk(e, depth + 1);
      return o;
    };
    return walk(v, 0) as T;
  };

  /** True when `s` holds a secret in any form (for tests and assertions). */
  finds(s: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    const hit = this.pattern.test(s);
    this.pattern.lastIndex = 0;
    return hit;
  }
}

/** Environment variables that hold a key the run uses outside the target descriptor (the refusal judge's). */
export const RUN_SECRET_ENVS = ['GOVLLM_JUDGE_KEY'] as const;
