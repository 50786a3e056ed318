// The target descriptor in its one in-memory form (version 2). A version-1 file — one chat `model`, one
// `declared.context_window`, `restricted_key_env` + `restricted_models` — is migrated here, on load and for
// descriptors built in code, so checks read one shape: `endpoints.chat.models[]` with each model's window
// and allowed keys. The v1 fields stay filled in (declared.models, declared.context_window of the default
// model) so a reader of either form sees the same facts. Idempotent.

import type { ChatModel, Target } from './types.ts';

export function normalizeTarget(t: Target): Target {
  const chat = t.endpoints?.chat;
  if (!chat) return { ...t, version: 2 };
  const byId = new Map<string, ChatModel>();
  for (const m of chat.models ?? []) byId.set(m.id, { ...m, ...(m.keys ? { keys: [...m.keys] } : {}) });
  const defaultModel = chat.model ?? chat.models?.[0]?.id;
  for (const id of [defaultModel, ...(t.declared?.models ?? [])]) if (id && !byId.has(id)) byId.set(id, { id });
  // v1: one declared window, the default model's (the only one perf.context-window probed).
  const window = t.declared?.context_window;
  const def = defaultModel ? byId.get(defaultModel) : undefined;
  if (def && window !== undefined && def.context_window === undefined) def.context_window = window;
  // v1: a key allowed only `restricted_models` → that key listed on those models, the endpoint's own key on all.
  if (chat.restricted_key_env && chat.restricted_models?.length) {
    for (const id of chat.restricted_models) if (!byId.has(id)) byId.set(id, { id });
    for (const m of byId.values()) {
      if (m.keys) continue;
      const inside = chat.restricted_models.includes(m.id);
      m.keys = [...(chat.api_key_env ? [chat.api_key_env] : []), ...(inside ? [chat.restricted_key_env] : [])];
    }
  }
  const models = [...byId.values()];
  const declared = { ...(t.declared ?? {}) };
  declared.models = [...new Set([...(declared.models ?? []), ...models.map((m) => m.id)])];
  if (declared.context_window === undefined && def?.context_window !== undefined) declared.context_window = def.context_window;
  return { ...t, version: 2, endpoints: { ...t.endpoints, chat: { ...chat, model: defaultModel!, models } }, declared };
}

/** The chat models of a (normalized or not) target. */
export function chatModels(t: Target): ChatModel[] {
  return normalizeTarget(t).endpoints.chat?.models ?? [];
}

/**
 * Keys that some models allow and others do not: for each, the models it must be served and the models it
 * must be refused (access.model-permission). The endpoint's own key is included when models restrict it.
 */
export function keyPermissions(t: Target): { key_env: string; allowed: string[]; refused: string[] }[] {
  const models = chatModels(t);
  const envs = new Set(models.flatMap((m) => m.keys ?? []));
  const out: { key_env: string; allowed: string[]; refused: string[] }[] = [];
  for (const env of [...envs].sort()) {
    const allowed = models.filter((m) => !m.keys || m.keys.includes(env)).map((m) => m.id);
    const refused = models.filter((m) => m.keys && !m.keys.includes(env)).map((m) => m.id);
    if (refused.length) out.push({ key_env: env, allowed, refused });
  }
  return out;
}

/** Every key env-var name an endpoint of the target names (its own key, model keys, the knowledge write key). */
export function endpointKeyEnvs(t: Target, endpoint: string): string[] {
  const ep = (t.endpoints as Record<string, Record<string, unknown> | undefined>)[endpoint];
  if (!ep) return [];
  const names = new Set<string>();
  for (const k of ['api_key_env', 'restricted_key_env', 'update_key_env']) if (typeof ep[k] === 'string') names.add(ep[k] as string);
  if (endpoint === 'chat') for (const m of (ep.models as ChatModel[] | undefined) ?? []) for (const k of m.keys ?? []) names.add(k);
  return [...names];
}
