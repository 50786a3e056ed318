// Authoring-time extraction of the chat-completion schemas from the official OpenAI OpenAPI document
// (../shared/schemas/openai/openapi.yaml, OpenAPI 3.1) into a self-contained JSON Schema (2020-12) kept in
// the project: CreateChatCompletionResponse and CreateChatCompletionStreamResponse with every schema they
// reference, `#/components/schemas/X` rewritten to `#/$defs/X`, vendor extensions and examples dropped.
// Run: npx tsx tools/extract-openai-schema.ts  (the output is committed; checks never read the YAML)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.resolve(root, '../shared/schemas/openai/openapi.yaml');
const here = path.join(root, 'suites/infrastructure/schemas');
const doc = parse(fs.readFileSync(src, 'utf8'), { maxAliasCount: -1 });
const all = doc.components.schemas as Record<string, unknown>;
const roots = ['CreateChatCompletionResponse', 'CreateChatCompletionStreamResponse'];
const defs: Record<string, unknown> = {};

function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('x-') || k === 'example' || k === 'examples' || k === 'discriminator' || k === 'deprecated') continue;
      if (k === '$ref' && typeof x === 'string') {
        const name = x.replace('#/components/schemas/', '');
        visit(name);
        o.$ref = `#/$defs/${name}`;
        continue;
      }
      o[k] = clean(x);
    }
    // OpenAPI's `nullable` is not JSON Schema: fold it into the type, or allow null beside the schema.
    if (o.nullable === true) {
      delete o.nullable;
      if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
      if (typeof o.type === 'string') o.type = [o.type, 'null'];
      else if (Array.isArray(o.type)) o.type = [...new Set([...(o.type as string[]), 'null'])];
      else return { anyOf: [o, { type: 'null' }] };
    } else delete o.nullable;
    return o;
  }
  return v;
}

function visit(name: string) {
  if (name in defs) return;
  if (!(name in all)) throw new Error(`no schema ${name}`);
  defs[name] = {};
  defs[name] = clean(all[name]);
}

for (const r of roots) visit(r);
const out = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://govllm.example/schemas/openai-chat-completion.schema.json',
  title: 'OpenAI chat completion (response object and stream chunk)',
  description: `Extracted from the OpenAI OpenAPI document (${doc.info?.version ?? 'unknown version'}) by tools/extract-openai-schema.ts.`,
  $defs: defs,
};
fs.writeFileSync(path.join(here, 'openai-chat-completion.schema.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${Object.keys(defs).length} definitions: ${Object.keys(defs).join(', ')}`);
