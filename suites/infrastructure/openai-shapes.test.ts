// Table test: chat-completion bodies as real OpenAI-compatible servers send them (written from each
// project's public docs and source), against the schema chat.schema and chat.streaming validate with.
// A body a client reads without trouble passes; a body a client would break on fails, naming the field.

import { describe, expect, it } from 'vitest';
import { schemaProblems } from './lib/openai-schema.ts';

const openaiReference = {
  // OpenAI API reference, "The chat completion object" example.
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The image shows a wooden boardwalk.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const ACCEPTED: [string, unknown][] = [
  ['OpenAI API reference example', openaiReference],
  // openai/openai-node#1525: the live API returns a null fingerprint.
  ['OpenAI with system_fingerprint: null', { ...openaiReference, system_fingerprint: null }],
  [
    // vLLM's OpenAI server (vllm/entrypoints/openai/protocol.py ChatCompletionResponse): null fingerprint,
    // prompt_tokens_details null, extra fields (reasoning_content, stop_reason, prompt_logprobs).
    'vLLM',
    {
      id: 'chatcmpl-9d2f',
      object: 'chat.completion',
      created: 1733000000,
      model: 'Qwen/Qwen2.5-7B-Instruct',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', reasoning_content: null, content: '您好！', tool_calls: [] },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: { prompt_tokens: 12, total_tokens: 20, completion_tokens: 8, prompt_tokens_details: null },
      prompt_logprobs: null,
      kv_transfer_params: null,
    },
  ],
  [
    // Ollama's OpenAI compatibility (docs/openai.md, openai/openai.go): no refusal, no logprobs.
    'Ollama',
    {
      id: 'chatcmpl-626',
      object: 'chat.completion',
      created: 1733000000,
      model: 'qwen2.5:7b',
      system_fingerprint: 'fp_ollama',
      choices: [{ index: 0, message: { role: 'assistant', content: '您好！' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 26, completion_tokens: 8, total_tokens: 34 },
    },
  ],
  [
    // @dwmkerr/mock-llm with a conformant rule (as the real-server review ran it): null fingerprint, no refusal.
    'mock-llm (conformant rule)',
    {
      id: 'chatcmpl-1764800000000',
      object: 'chat.completion',
      created: 1764800000,
      model: 'gpt-4',
      system_fingerprint: null,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    },
  ],
  [
    'a tool call with null content',
    {
      ...openaiReference,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    },
  ],
];

// Bodies a client breaks on (a missing or mistyped field it reads), each with the field the failure names.
const REJECTED: [string, unknown, RegExp][] = [
  // mock-llm's default echo rule as its README shows it: no `created`, no `choices[].index`.
  [
    'mock-llm default echo rule',
    {
      id: 'chatcmpl-1234567890',
      object: 'chat.completion',
      model: 'gpt-4',
      choices: [{ message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
    },
    /created|index/,
  ],
  ['created as a date string', { ...openaiReference, created: '2025-03-10T00:00:00Z' }, /created/],
  ['an unknown finish_reason', { ...openaiReference, choices: [{ ...openaiReference.choices[0], finish_reason: 'done' }] }, /finish_reason/],
  ['no message content at all', { ...openaiReference, choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }] }, /content/],
  ['choices is an object', { ...openaiReference, choices: openaiReference.choices[0] }, /choices/],
  ['object is not chat.completion', { ...openaiReference, object: 'text_completion' }, /object/],
  ['usage counts as strings', { ...openaiReference, usage: { prompt_tokens: '1', completion_tokens: '1', total_tokens: '2' } }, /usage/],
  ['system_fingerprint as a number', { ...openaiReference, system_fingerprint: 42 }, /system_fingerprint/],
];

describe('chat-completion bodies real servers send', () => {
  it.each(ACCEPTED)('%s validates', (_name, body) => {
    expect(schemaProblems('response', body)).toEqual([]);
  });
  it.each(REJECTED)('%s is rejected, naming the field', (_name, body, field) => {
    const p = schemaProblems('response', body);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('; ')).toMatch(field);
  });
  it('stream chunks: Ollama and vLLM shapes validate; a chunk without choices does not', () => {
    const ollama = {
      id: 'chatcmpl-626',
      object: 'chat.completion.chunk',
      created: 1733000000,
      model: 'qwen2.5:7b',
      system_fingerprint: 'fp_ollama',
      choices: [{ index: 0, delta: { role: 'assistant', content: '您' }, finish_reason: null }],
    };
    const vllm = {
      id: 'chatcmpl-9d2f',
      object: 'chat.completion.chunk',
      created: 1733000000,
      model: 'Qwen/Qwen2.5-7B-Instruct',
      system_fingerprint: null,
      choices: [{ index: 0, delta: { content: '好' }, logprobs: null, finish_reason: null }],
      usage: null,
    };
    expect(schemaProblems('chunk', ollama)).toEqual([]);
    expect(schemaProblems('chunk', vllm)).toEqual([]);
    const { choices: _c, ...noChoices } = ollama;
    expect(schemaProblems('chunk', noChoices).join()).toMatch(/choices/);
  });
});
