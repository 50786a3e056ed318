// Reading YAML/JSON documents and validating them against the JSON Schemas in standards/schemas/.
// Errors name file:line and the path inside the document (ajv's instancePath mapped back onto the YAML
// source through the parser's node ranges), so a person can jump straight to the mistake.
//
// Two parsers, one for each job: js-yaml reads the data (a 2,500-clause catalog in ~0.1 s and ~25 MB), and `yaml`,
// whose documents keep every node's position (~1 s and ~115 MB for the same file, most of it in its tokenizer),
// re-parses a file only when a line number is asked for — an error to report, or a clause's location — and
// reports syntax errors, so their messages and positions are the same whichever parser saw them first.

import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import jsyaml from 'js-yaml';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode, type Document } from 'yaml';
import { InputError } from './errors.ts';
import { newAjv } from '../core/ajv.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_DIR = path.join(ROOT, 'standards/schemas');

/** Paths in messages are shown relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

let ajvInstance: Ajv2020 | undefined;
/** One ajv for the process, with every schema of standards/schemas/ registered by its file name. */
export function ajv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  // The schemas ship with the tool: runners/load/standards-schemas.test.ts holds each to its meta-schema, and the
  // sources (which tests run) check them again on load; compiled, a start does not pay the ~0.1 s that costs.
  const a = newAjv('2020-12', { allowUnionTypes: true, validateSchema: !import.meta.url.endsWith('.js') }) as unknown as Ajv2020;
  for (const f of fs
    .readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
    a.addSchema(schema, f);
  }
  // Evidence kinds live one folder down and are keyed `evidence/<kind>.schema.json`.
  const evidenceDir = path.join(SCHEMA_DIR, 'evidence');
  if (fs.existsSync(evidenceDir)) {
    for (const f of fs
      .readdirSync(evidenceDir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()) {
      const schema = JSON.parse(fs.readFileSync(path.join(evidenceDir, f), 'utf8'));
      a.addSchema(schema, `evidence/${f}`);
    }
  }
  ajvInstance = a;
  return a;
}

export function schemaValidator(name: string): ValidateFunction {
  const v = ajv().getSchema(name);
  if (!v) throw new Error(`no schema named ${name} in ${SCHEMA_DIR}`);
  return v;
}

export interface ParsedDocument<T = unknown> {
  file: string;
  data: T;
  /** 1-based line of a JSON-pointer-like path (['clauses', 3, 'level']), or undefined. */
  lineOf(pathParts: (string | number)[]): number | undefined;
}

/** Larger YAML/JSON documents are refused (exit 2) rather than parsed into gigabytes of memory (a 7 MB YAML list
 * took 26 s and 800 MB); the largest real input, a domain clause file, is ~50 KB. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const MAX_PROBLEMS = 20;

/**
 * The bytes of an input file, refused when it is not a regular file (a FIFO's open never blocks, a device such as
 * /dev/zero is refused) or once more than `max` bytes have been read — the size is enforced while reading, never
 * trusted from stat. The YAML parser needs ~60× a file's size in memory, so the cap comes before parsing.
 */
export function readBounded(file: string, max: number): Buffer {
  const shown = displayPath(file);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile())
      throw new InputError(
        `${shown}: not a regular file (${st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isDirectory() ? 'a folder' : 'a special file'}); nothing was read`,
      );
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new InputError(`${shown}: larger than the ${max / 1048576} MB a YAML/JSON document may be`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses YAML (JSON is YAML); positions are read on demand. Syntax errors become InputError with file:line:col. */
export function parseFile<T = unknown>(file: string, text?: string): ParsedDocument<T> {
  const shown = displayPath(file);
  const src = text ?? readText(file);
  // YAML allows no raw control characters but tab and line breaks (YAML 1.2 §5.1); the parser would keep them,
  // and a NUL or ESC in a name would reach terminals and reports. Escapes like "\e" inside quotes stay allowed.
  const ctl = src.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
  if (ctl >= 0) {
    const line = src.slice(0, ctl).split('\n').length;
    throw new InputError(
      `${shown}:${line} holds a control character (U+${src.charCodeAt(ctl).toString(16).padStart(4, '0').toUpperCase()}), which YAML does not allow`,
    );
  }
  let positioned: { doc: Document; lc: LineCounter } | undefined;
  const withPositions = () => (positioned ??= parseWithPositions(shown, src));
  let data: T;
  try {
    data = (jsyaml.load(src, { schema: YAML_12_CORE }) ?? null) as T;
  } catch {
    // What js-yaml refuses, `yaml` decides, as it did alone before: its syntax errors are the messages the suite
    // gives, and what it accepts (an unknown tag, kept as a string) is read as it reads it.
    data = withPositions().doc.toJS({ maxAliasCount: 100 }) as T;
  }
  // js-yaml shares an aliased node rather than copying it, so a billion-laughs document parses small and explodes
  // in whatever walks it next. A tree larger than its text can only be aliases: `yaml`, which counts them, decides.
  if (!fitsText(data, src.length)) data = withPositions().doc.toJS({ maxAliasCount: 100 }) as T;
  return {
    file,
    data,
    lineOf(parts) {
      const { doc, lc } = withPositions();
      let node: unknown = doc.contents;
      let last: unknown = node;
      for (const p of parts) {
        if (isMap(node)) {
          const pair = node.items.find((it) => String((it.key as { value?: unknown })?.value ?? it.key) === String(p));
          if (!pair) break;
          last = pair.key ?? last;
          node = pair.value;
        } else if (isSeq(node)) {
          node = node.items[Number(p)];
        } else break;
        if (node) last = node;
      }
      const range = (last as YamlNode | undefined)?.range;
      return range ? lc.linePos(range[0]).line : undefined;
    },
  };
}

// The YAML 1.2 core schema as `yaml` reads it. js-yaml's own CORE_SCHEMA is its JSON schema, which also reads the
// YAML 1.1 integers (0b101, 1_000) and no -0; the integers here are the core schema's three forms (YAML 1.2.2
// §10.3.2), so `0b101` stays a string as it does in `yaml`. No timestamps, merge keys or !!binary either.
const jsyamlTypes = (jsyaml as unknown as { types: Record<'null' | 'bool' | 'float', jsyaml.Type> }).types; // exported, untyped
const YAML_12_CORE = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    jsyamlTypes.null,
    jsyamlTypes.bool,
    new jsyaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: string | null) => s !== null && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s),
      construct: (s: string) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : Number(s)),
      predicate: (v: unknown) => Number.isInteger(v),
      represent: (v: unknown) => String(v),
    }),
    jsyamlTypes.float,
  ],
});

/** A file's text, bounded and required to be UTF-8. */
function readText(file: string): string {
  const shown = displayPath(file);
  let buf: Buffer;
  try {
    buf = readBounded(file, MAX_DOCUMENT_BYTES);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${shown}: cannot read: ${(e as Error).message}`);
  }
  const src = buf.toString('utf8');
  if (!isUtf8(buf)) {
    // Silently turning bytes into U+FFFD would validate a file nobody wrote; name the first bad line.
    const line = src.slice(0, Math.max(0, src.indexOf('\uFFFD'))).split('\n').length;
    throw new InputError(`${shown}:${line} is not valid UTF-8 (save the file as UTF-8)`);
  }
  return src;
}

/** `yaml`'s document with node positions; its syntax errors (and an excess of aliases) become InputError. */
function parseWithPositions(shown: string, src: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const doc: Document = parseDocument(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.slice(0, MAX_PROBLEMS).map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return `${shown}:${pos.line}:${pos.col} ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
    });
    if (doc.errors.length > MAX_PROBLEMS) problems.push(`${shown}: … and ${doc.errors.length - MAX_PROBLEMS} more syntax errors`);
    throw new InputError(problems[0], problems);
  }
  try {
    doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // e.g. "Excessive alias count" (a billion-laughs document): an input problem, not a crash.
    throw new InputError(`${shown}: ${(e as Error).message}`);
  }
  return { doc, lc };
}

/** Whether the data has at most as many values as its text has characters (it stops counting there). */
function fitsText(data: unknown, chars: number): boolean {
  let budget = chars + 1;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    if (--budget < 0) return false;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return true;
}

/** `/clauses/3/level` → `clauses[3].level` */
export function prettyPath(parts: (string | number)[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${p}]` : out ? `.${p}` : String(p);
  return out || '(root)';
}

function pointerParts(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatAjvErrors(doc: ParsedDocument, errors: ErrorObject[] | null | undefined): string[] {
  const shown = displayPath(doc.file);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of errors ?? []) {
    // `if/then` and `anyOf` wrappers repeat the real error; keep the precise ones.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    let parts = pointerParts(e.instancePath);
    let msg = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      // Name the stray property (e.g. `endpoints.chat.api_key`), whichever keyword caught it.
      const p = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
      const extra = (p.additionalProperty ?? p.unevaluatedProperty)!;
      parts = [...parts, extra];
      msg = 'is not a known property';
    } else if (e.keyword === 'required') {
      msg = `must have property "${(e.params as { missingProperty: string }).missingProperty}"`;
    } else if (e.keyword === 'enum') {
      msg = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const line = doc.lineOf(parts);
    const s = `${shown}${line ? `:${line}` : ''} ${prettyPath(parts)}: ${msg}`;
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

/** Parses and validates a file against a named schema; throws InputError listing every problem. */
export function loadValidated<T>(file: string, schemaName: string, text?: string): ParsedDocument<T> {
  const doc = parseFile<T>(file, text);
  const validate = schemaValidator(schemaName);
  if (!validate(doc.data)) {
    const problems = formatAjvErrors(doc, validate.errors);
    throw new InputError(problems[0] ?? `${displayPath(file)}: invalid`, problems);
  }
  return doc;
}

/** Picks the schema for a file from its `$schema` or its name, for `govllm validate FILE…`. */
export function schemaForFile(file: string, data: unknown): string | undefined {
  const declared = (data as { $schema?: unknown } | null)?.$schema;
  if (typeof declared === 'string') {
    const evidence = /(?:^|\/)(evidence\/[a-z0-9-]+\.schema\.json)$/.exec(declared);
    if (evidence) return evidence[1];
    const base = path.basename(declared);
    if (base.endsWith('.schema.json')) return base;
  }
  const base = path.basename(file);
  if (base === 'edition.yaml') return 'edition.schema.json';
  if (base === 'manifest.yaml') return 'evidence-manifest.schema.json';
  if (base === 'target.yaml' || base.endsWith('.target.yaml')) return 'target.schema.json';
  if (base.endsWith('.waivers.yaml') || base === 'waivers.yaml') return 'waivers.schema.json';
  if (base.endsWith('.profile.yaml') || file.includes(`${path.sep}profiles${path.sep}`)) return 'profile.schema.json';
  if (data && typeof data === 'object' && 'clauses' in data) return 'clause-file.schema.json';
  if (data && typeof data === 'object' && (data as { bomFormat?: unknown }).bomFormat === 'CycloneDX') return 'evidence/sbom.schema.json';
  return undefined;
}
