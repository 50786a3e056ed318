// Shared pieces of the A2A checks: fetching the agent card and reading its declared protocol version.

import type { CheckContext } from '../../../runners/core/check.ts';
import type { CheckResult } from '../../../runners/core/types.ts';

export interface CardFetch {
  card: Record<string, any>;
  version?: string;
  transcriptId: string;
}

/** GET the card at the target's card_url. No `A2A-Version` header: a v1.0 server with v0.3 compat answers v0.3. */
export async function fetchCard(ctx: CheckContext<any>): Promise<CardFetch | CheckResult> {
  const res = await ctx.http.a2a!.request({ method: 'GET', headers: { accept: 'application/json' } });
  if (res.status !== 200) return { status: 'fail', message: `the agent card URL answered HTTP ${res.status}` };
  let card: unknown;
  try {
    card = res.json();
  } catch {
    return { status: 'fail', message: `the agent card is not JSON (${res.headers['content-type'] ?? 'no content-type'})` };
  }
  if (!card || typeof card !== 'object' || Array.isArray(card)) return { status: 'fail', message: 'the agent card is not a JSON object' };
  const c = card as Record<string, any>;
  const version = typeof c.protocolVersion === 'string' ? c.protocolVersion : Array.isArray(c.supportedInterfaces) ? c.supportedInterfaces[0]?.protocolVersion : undefined;
  return { card: c, version, transcriptId: res.transcriptId };
}

/** The JSON-RPC URLs a (v0.3) card declares: `url` when its preferred transport is JSON-RPC, and additionalInterfaces. */
export function jsonRpcUrls(card: Record<string, any>): string[] {
  const urls: string[] = [];
  if (typeof card.url === 'string' && (card.preferredTransport ?? 'JSONRPC') === 'JSONRPC') urls.push(card.url);
  for (const i of Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces : []) if (i?.transport === 'JSONRPC' && typeof i.url === 'string') urls.push(i.url);
  return [...new Set(urls)];
}

export const isCheckResult = (x: unknown): x is CheckResult => typeof x === 'object' && x !== null && 'status' in x && 'message' in x;
