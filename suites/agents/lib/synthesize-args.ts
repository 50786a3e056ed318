// Arguments for an MCP tool, made from its inputSchema so a vendor's tools can be called without knowing
// them in advance: the schema's own example first (when it validates), else a value built keyword by
// keyword — `required`, `enum`/`const`, `pattern` (a string generated from the regular expression by
// randexp), `format`, numeric bounds and `multipleOf`, length and item bounds, local `$ref`, `allOf`,
// `anyOf`/`oneOf` — and then validated with ajv against the very schema. A value ajv rejects is never sent
// as "valid": the caller gets `problem` and reports not_tested instead of blaming the server.

import randexpModule from 'randexp';
import { compileToolSchema, formatErrors } from './schemas.ts';

type Schema = Record<string, any>;

// randexp is CommonJS with `module.exports = RandExp`: under Node's ESM import the default is the class.
interface RandExpInstance {
  max: number;
  defaultRange: { add(from: number, to: number): RandExpInstance['defaultRange'] };
  randInt(a: number, b: number): number;
  gen(): string;
}
const RandExp = randexpModule as unknown as new (pattern: string | RegExp) => RandExpInstance;

export interface SynthesizedArguments {
  args: Record<string, unknown>;
  /** `example`: the schema's own first example; `schema`: built from the keywords. */
  source: 'example' | 'schema';
  /** Set when no value that validates could be made (the args are then a best effort, not to be trusted). */
  problem?: string;
}

/** Formats ajv-formats checks, each with a value it accepts. */
const FORMAT_SAMPLES: Record<string, string> = {
  date: '2026-01-15',
  'date-time': '2026-01-15T09:30:00Z',
  time: '09:30:00Z',
  duration: 'P1D',
  email: 'test@example.org',
  'idn-email': 'test@example.org',
  hostname: 'example.org',
  'idn-hostname': 'example.org',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.org/',
  'uri-reference': 'https://example.org/',
  iri: 'https://example.org/',
  'iri-reference': 'https://example.org/',
  url: 'https://example.org/',
  'uri-template': 'https://example.org/{id}',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  regex: '^a$',
  byte: 'dGVzdA==',
  int32: '1',
  int64: '1',
};

export function synthesizeArguments(inputSchema: Schema | undefined, random: () => number = Math.random): SynthesizedArguments {
  const schema: Schema = { type: 'object', ...(inputSchema ?? {}) };
  const { validate, error } = compileToolSchema(schema);
  if (!validate) return { args: {}, source: 'schema', problem: `the inputSchema does not compile: ${error}` };
  const ex = Array.isArray(schema.examples) ? schema.examples[0] : undefined;
  if (ex && typeof ex === 'object' && !Array.isArray(ex) && validate(ex)) return { args: ex as Record<string, unknown>, source: 'example' };
  const { examples: _drop, ...rest } = schema;
  // A pattern can be matched many ways; a few attempts let other bounds (length) be met too.
  let last: Record<string, unknown> = {};
  for (let attempt = 0; attempt < 5; attempt++) {
    const v = new Synth(rest, random).value(rest, 0);
    last = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
    if (validate(last)) return { args: last, source: 'schema' };
  }
  return { args: last, source: 'schema', problem: `no arguments that validate could be made from the inputSchema (${formatErrors(validate.errors, 3)})` };
}

class Synth {
  constructor(
    private readonly root: Schema,
    private readonly random: () => number,
  ) {}

  value(s: Schema | boolean | undefined, depth: number): unknown {
    if (s === undefined || s === true) return 'test';
    if (s === false || depth > 8) return null;
    if (typeof s.$ref === 'string') {
      const target = this.resolve(s.$ref);
      const { $ref: _r, ...own } = s;
      return this.value(target ? { ...target, ...own } : own, depth + 1);
    }
    if (Array.isArray(s.allOf)) {
      const { allOf, ...own } = s;
      return this.value(
        allOf.reduce((m: Schema, x: Schema) => merge(m, this.deref(x)), own),
        depth + 1,
      );
    }
    for (const k of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(s[k]) && s[k].length) {
        const { [k]: branches, ...own } = s;
        const branch = (branches as Schema[]).map((b) => this.deref(b)).find((b) => b.type !== 'null') ?? branches[0];
        return this.value(merge(own, branch), depth + 1);
      }
    }
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((x: unknown) => x !== null) ?? s.enum[0];
    if ('default' in s) return s.default;
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    switch (typeOf(s)) {
      case 'string':
        return this.string(s);
      case 'integer':
        return number(s, true);
      case 'number':
        return number(s, false);
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'array': {
        const n = Math.min(Math.max(s.minItems ?? 1, 1), s.maxItems ?? Infinity);
        const prefix: Schema[] = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
        return Array.from({ length: Math.max(n, prefix.length) }, (_, i) =>
          this.value(prefix[i] ?? (Array.isArray(s.items) ? s.additionalItems : s.items), depth + 1),
        );
      }
      default: {
        const o: Record<string, unknown> = {};
        const props: Record<string, Schema> = s.properties ?? {};
        for (const k of s.required ?? [])
          o[k] = this.value(props[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined), depth + 1);
        // Fill to minProperties with optional properties the schema names.
        for (const k of Object.keys(props)) {
          if (Object.keys(o).length >= (s.minProperties ?? 0)) break;
          if (!(k in o)) o[k] = this.value(props[k], depth + 1);
        }
        return o;
      }
    }
  }

  private string(s: Schema): string {
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? Infinity;
    if (typeof s.pattern === 'string') {
      try {
        // randexp's parser reads `\uXXXX` as the letter u: give it the characters themselves.
        const source = s.pattern.replace(/(?<!\\)\\u\{?([0-9a-fA-F]{4,5})\}?/g, (_m: string, h: string) => String.fromCodePoint(parseInt(h, 16)));
        const gen = new RandExp(source);
        // randexp draws only from printable ASCII unless told: let a CJK class (e.g. [一-龥]) be drawn from.
        if (/[\u3000-\u9fff\uff00-\uffef]/.test(source)) gen.defaultRange.add(0x3000, 0x9fff).add(0xff00, 0xffef);
        gen.max = Math.max(2, Math.min(8, Number.isFinite(max) ? max : 8));
        gen.randInt = (a: number, b: number) => a + Math.floor(this.random() * (b - a + 1));
        for (let i = 0; i < 20; i++) {
          const v = gen.gen();
          if (v.length >= min && v.length <= max) return v;
        }
      } catch {
        /* a pattern randexp cannot read: fall through, ajv will say whether the fallback fits */
      }
    }
    if (typeof s.format === 'string' && FORMAT_SAMPLES[s.format]) return FORMAT_SAMPLES[s.format];
    const base = 'test';
    const n = Math.min(Math.max(min, base.length), max);
    return base.repeat(Math.ceil(n / base.length) || 1).slice(0, Math.max(n, Math.min(min, 1)));
  }

  private deref(s: Schema): Schema {
    return typeof s?.$ref === 'string' ? { ...(this.resolve(s.$ref) ?? {}), ...s, $ref: undefined } : s;
  }

  /** Local references only (`#/$defs/x`, `#/definitions/x`): a tool schema is one self-contained document. */
  private resolve(ref: string): Schema | undefined {
    if (!ref.startsWith('#')) return undefined;
    return ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')))
      .reduce<any>((o, k) => (o && typeof o === 'object' ? o[k] : undefined), this.root);
  }
}

function typeOf(s: Schema): string | undefined {
  const t = Array.isArray(s.type) ? (s.type.find((x: string) => x !== 'null') ?? s.type[0]) : s.type;
  if (t) return t;
  if (s.properties || s.required) return 'object';
  if (s.items || s.prefixItems) return 'array';
  if (s.pattern || s.format || s.minLength !== undefined || s.maxLength !== undefined) return 'string';
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
  return undefined;
}

/** The smallest value the bounds allow (1 when unbounded), on `multipleOf` when one is set. */
function number(s: Schema, integer: boolean): number {
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : integer ? 1 : 0;
  const exMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : s.exclusiveMinimum === true ? s.minimum : undefined;
  const exMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : s.exclusiveMaximum === true ? s.maximum : undefined;
  const lo = exMin !== undefined ? exMin + (step || 1e-6) : typeof s.minimum === 'number' ? s.minimum : undefined;
  const hi = exMax !== undefined ? exMax - (step || 1e-6) : typeof s.maximum === 'number' ? s.maximum : undefined;
  let v = lo ?? (hi !== undefined ? Math.min(1, hi) : 1);
  if (integer) v = Math.ceil(v);
  if (step) v = Math.ceil(v / step) * step;
  return v;
}

function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) out.properties = { ...(a.properties ?? {}), ...(b.properties ?? {}) };
  if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  return out;
}
