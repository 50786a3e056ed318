// Validators for the OpenAI chat-completion objects, compiled once from the schema kept in the project
// (schemas/openai-chat-completion.schema.json, extracted from the official OpenAPI document).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
export const SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../schemas/openai-chat-completion.schema.json');

let compiled: { response: ValidateFunction; chunk: ValidateFunction } | undefined;

function validators() {
  if (compiled) return compiled;
  const a = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(a);
  // OpenAI's own format name for Unix timestamps (integers); the type already says what is checked.
  a.addFormat('unixtime', true);
  a.addSchema(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')), 'openai');
  compiled = { response: a.getSchema('openai#/$defs/CreateChatCompletionResponse')!, chunk: a.getSchema('openai#/$defs/CreateChatCompletionStreamResponse')! };
  return compiled;
}

export function schemaProblems(kind: 'response' | 'chunk', value: unknown): string[] {
  const v = validators()[kind];
  if (v(value)) return [];
  return (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`);
}
