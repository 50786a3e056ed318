// Builds one HTTP client per endpoint the target declares. Keys are read from the environment variables
// the target names (never from a file); every key in use is also given to every client for redaction.

import { CircuitBreaker, HttpClient, type Limiter } from '../http/client.ts';
import type { TranscriptSink } from './recorder.ts';
import type { Capability, Target } from './types.ts';
import { InputError } from '../load/errors.ts';
import { redactResponseBody } from './secret-shapes.ts';
import { endpointKeyEnvs } from './target.ts';

export type EndpointName = Exclude<Capability, 'evidence'>;

export interface ClientOptions {
  env?: Record<string, string | undefined>;
  transcripts: TranscriptSink;
  /** Per-endpoint limiter factory (rate limit + concurrency); none in unit tests. */
  limiter?: (endpoint: EndpointName) => Limiter | undefined;
  retries?: number;
  maxBytes?: number;
  /** Circuit breaker per endpoint (see CircuitBreaker); defaults: 5 consecutive failures, 60 s of silence. */
  breaker?: { failures?: number; silenceMs?: number };
  /** Bytes of each body kept in transcripts (default 64 KiB). */
  transcriptBodyBytes?: number;
}

/** Every secret value the target's env vars point at, for redaction everywhere output is written. */
export function targetSecrets(target: Target, env: Record<string, string | undefined> = process.env): string[] {
  const names = new Set<string>();
  for (const name of Object.keys(target.endpoints ?? {})) for (const n of endpointKeyEnvs(target, name)) names.add(n);
  return [...names].map((n) => env[n]).filter((v): v is string => !!v);
}

export function endpointUrl(target: Target, name: EndpointName): string | undefined {
  const ep = target.endpoints[name] as Record<string, unknown> | undefined;
  if (!ep) return undefined;
  return (ep.base_url ?? ep.url ?? ep.card_url) as string | undefined;
}

export function createClients(target: Target, opts: ClientOptions): Partial<Record<EndpointName, HttpClient>> {
  const env = opts.env ?? process.env;
  const secrets = targetSecrets(target, env);
  const clients: Partial<Record<EndpointName, HttpClient>> = {};
  for (const name of Object.keys(target.endpoints ?? {}) as EndpointName[]) {
    const ep = target.endpoints[name] as { api_key_env?: string; timeout_ms?: number } | undefined;
    const baseUrl = endpointUrl(target, name);
    if (!ep || !baseUrl) continue;
    let apiKey: string | undefined;
    if (ep.api_key_env) {
      apiKey = env[ep.api_key_env];
      if (!apiKey) throw new InputError(`target "${target.name}": endpoints.${name}.api_key_env names ${ep.api_key_env}, which is not set in the environment`);
    }
    // Every other key the endpoint names (model-restricted keys, the knowledge write key), by env-var name.
    const namedKeys: Record<string, string> = {};
    for (const n of endpointKeyEnvs(target, name)) if (env[n]) namedKeys[n] = env[n]!;
    clients[name] = new HttpClient({
      namedKeys,
      endpoint: name,
      baseUrl,
      apiKey,
      timeoutMs: ep.timeout_ms,
      maxBytes: opts.maxBytes,
      transcripts: opts.transcripts,
      limiter: opts.limiter?.(name),
      retries: opts.retries ?? 2,
      secrets,
      breaker: new CircuitBreaker(opts.breaker),
      transcriptBodyBytes: opts.transcriptBodyBytes,
      // Agent endpoints hand back tool output verbatim: an environment dump or a credential is not kept.
      ...(name === 'mcp' || name === 'a2a' ? { redactResponse: redactResponseBody } : {}),
    });
  }
  return clients;
}
