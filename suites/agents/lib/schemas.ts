// Official protocol schemas shipped with the suite (suites/agents/schemas/, copied unchanged from the
// MCP and A2A specification repositories) and ajv validators for their definitions.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { draftOf, newAjv } from '../../../runners/core/ajv.ts';

export const SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

/** MCP protocol versions whose schema the suite ships. */
export const MCP_SCHEMA_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

export function formatErrors(errors: ErrorObject[] | null | undefined, max = 5): string {
  return (errors ?? [])
    .slice(0, max)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''}`,
    )
    .join('; ');
}

class SchemaFile {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly defsKey: string;
  readonly defs: Set<string>;
  constructor(readonly file: string) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
    const is2020 = String(schema.$schema ?? '').includes('2020-12');
    this.ajv = newAjv(is2020 ? '2020-12' : 'draft-07');
    this.defsKey = is2020 ? '$defs' : 'definitions';
    this.defs = new Set(Object.keys(schema[this.defsKey] ?? {}));
    this.ajv.addSchema(schema, file);
  }
  /** Errors validating `value` as definition `def`, or undefined when it validates. */
  validate(def: string, value: unknown): string | undefined {
    if (!this.defs.has(def)) throw new Error(`${this.file} has no definition ${def}`);
    let v = this.cache.get(def);
    if (!v) {
      v = this.ajv.compile({ $ref: `${this.file}#/${this.defsKey}/${def}` });
      this.cache.set(def, v);
    }
    return v(value) ? undefined : formatErrors(v.errors);
  }
}

const files = new Map<string, SchemaFile>();
function load(file: string): SchemaFile {
  let f = files.get(file);
  if (!f) files.set(file, (f = new SchemaFile(file)));
  return f;
}

/** The MCP schema of a negotiated protocol version, or undefined when the suite ships none for it. */
export function mcpSchema(version: string): SchemaFile | undefined {
  return MCP_SCHEMA_VERSIONS.includes(version) ? load(`schema-${version}.json`) : undefined;
}

/**
 * The A2A schema of a card's declared protocol version: v0.3.x (the official JSON Schema, every
 * definition) or v1.x (AgentCard only, written from the v1.0.0 proto: a2a-v1.0-agent-card.json).
 */
export function a2aSchema(version: string): SchemaFile | undefined {
  if (/^0\.3(\.\d+)?$/.test(version)) return load('a2a-v0.3.0.json');
  if (/^1(\.\d+){0,2}$/.test(version)) return load('a2a-v1.0-agent-card.json');
  return undefined;
}

/**
 * Compiles a tool's inputSchema/outputSchema as JSON Schema: 2020-12 unless the schema names draft-07
 * in `$schema` (MCP 2025-11-25 §Tools: the default dialect is 2020-12). Returns the validator or the
 * compile error.
 */
export function compileToolSchema(schema: unknown): { validate?: ValidateFunction; error?: string } {
  try {
    const s = schema as Record<string, unknown>;
    const a = newAjv(draftOf(s));
    return { validate: a.compile(s as object) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
