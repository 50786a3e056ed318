// Target descriptor v2: a version-1 file validates unchanged and is migrated to the one in-memory form
// (models with windows and keys), so the checks that read v2 fields assess a v1 file as before.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../load/documents.ts';
import { loadTargetFile } from '../cli/commands/run.ts';
import { keyPermissions, normalizeTarget, endpointKeyEnvs } from './target.ts';
import { targetSecrets } from './clients.ts';
import type { Target } from './types.ts';

const EXAMPLES = path.join(ROOT, 'standards/examples/target/valid');

describe('target descriptor migration', () => {
  it('migrates a v1 file: one model + declared models/window + restricted key become models[] with keys', () => {
    const t = loadTargetFile(path.join(EXAMPLES, 'reference.yaml')).target;
    expect(t.version).toBe(2);
    const chat = t.endpoints.chat!;
    expect(chat.model).toBe('gov-chat');
    expect(chat.models).toEqual([
      { id: 'gov-chat', context_window: 32768, keys: ['GOVLLM_CHAT_KEY'] },
      { id: 'gov-chat-lite', keys: ['GOVLLM_CHAT_KEY', 'GOVLLM_RESTRICTED_KEY'] },
    ]);
    // The restricted key may use gov-chat-lite only; the evaluator's own key is not restricted.
    expect(keyPermissions(t)).toEqual([{ key_env: 'GOVLLM_RESTRICTED_KEY', allowed: ['gov-chat-lite'], refused: ['gov-chat'] }]);
    expect(normalizeTarget(t)).toEqual(t); // idempotent
  });

  it('reads a v2 file: default model is the first, windows per model, the knowledge write key is a named key', () => {
    const t = loadTargetFile(path.join(EXAMPLES, 'vendor-v2.yaml')).target;
    expect(t.endpoints.chat!.model).toBe('zw-lite-8k');
    expect(t.declared!.models).toEqual(['zw-lite-8k', 'zw-pro-32k']);
    expect(t.declared!.context_window).toBe(8192);
    expect(keyPermissions(t)).toEqual([{ key_env: 'VENDOR_WINDOW_KEY', allowed: ['zw-lite-8k'], refused: ['zw-pro-32k'] }]);
    expect(endpointKeyEnvs(t, 'knowledge').sort()).toEqual(['VENDOR_KB_READ_KEY', 'VENDOR_KB_WRITE_KEY']);
    // Every key the descriptor names is redacted from transcripts, the write key and model keys too.
    const env = {
      VENDOR_CHAT_KEY: 'sk-chat-1234',
      VENDOR_WINDOW_KEY: 'sk-window-1234',
      VENDOR_KB_READ_KEY: 'sk-read-1234',
      VENDOR_KB_WRITE_KEY: 'sk-write-1234',
    };
    expect(targetSecrets(t, env).sort()).toEqual(Object.values(env).sort());
  });

  it('a descriptor without chat is left as it is (but marked v2)', () => {
    const t: Target = { name: 'kb only', endpoints: { knowledge: { base_url: 'http://127.0.0.1:1/kb' } } };
    expect(normalizeTarget(t)).toEqual({ ...t, version: 2 });
  });
});
