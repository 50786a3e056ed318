// Validators for the OpenAI chat-completion objects, compiled once from the schema kept in the project
// (schemas/openai-chat-completion.schema.json, extracted from the official OpenAPI document).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { newAjv } from '../../../runners/core/ajv.ts';

export const SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../schemas/openai-chat-completion.schema.json');

let compiled: { response: ValidateFunction; chunk: ValidateFunction } | undefined;

type Json = Record<string, any>;
const orNull = (p: Json | undefined): Json | undefined => (p === undefined ? p : { anyOf: [p, { type: 'null' }] });

/**
 * The OpenAPI document is stricter than the API it describes. These relaxations follow what OpenAI's own
 * API returns and its official SDKs accept, so a server answering like OpenAI is not failed for it:
 * - `system_fingerprint` may be null: the API returns null (openai/openai-node#1525, a maintainer: "the API
 *   can return system_fingerprint: null … Strict validators should allow null"); the SDKs type it optional.
 * - `usage.prompt_tokens_details` / `completion_tokens_details` may be null (vLLM sends null; openai-python
 *   types both `Optional[...] = None`).
 * - `message.refusal` and `choices[].logprobs` may be absent: openai-python declares both
 *   `Optional[...] = None` and openai-node reads them as possibly missing; Ollama and older vLLM omit them.
 * Everything a client needs to read an answer stays strict: id, object, created, model, choices with
 * index, finish_reason (enum) and a message with role and content.
 */
export function ecosystemRelaxations(schema: Json): Json {
  const d = schema.$defs as Json;
  for (const root of ['CreateChatCompletionResponse', 'CreateChatCompletionStreamResponse']) {
    const props = d[root].properties;
    props.system_fingerprint = orNull(props.system_fingerprint);
  }
  const usage = d.CompletionUsage.properties;
  usage.prompt_tokens_details = orNull(usage.prompt_tokens_details);
  usage.completion_tokens_details = orNull(usage.completion_tokens_details);
  const msg = d.ChatCompletionResponseMessage;
  msg.required = (msg.required as string[]).filter((r) => r !== 'refusal');
  const choice = d.CreateChatCompletionResponse.properties.choices.items;
  choice.required = (choice.required as string[]).filter((r) => r !== 'logprobs');
  return schema;
}

function validators() {
  if (compiled) return compiled;
  const a = newAjv('2020-12', { allowUnionTypes: true });
  // OpenAI's own format name for Unix timestamps (integers); the type already says what is checked.
  a.addFormat('unixtime', true);
  a.addSchema(ecosystemRelaxations(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'))), 'openai');
  compiled = { response: a.getSchema('openai#/$defs/CreateChatCompletionResponse')!, chunk: a.getSchema('openai#/$defs/CreateChatCompletionStreamResponse')! };
  return compiled;
}

export function schemaProblems(kind: 'response' | 'chunk', value: unknown): string[] {
  const v = validators()[kind];
  if (v(value)) return [];
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`);
}
