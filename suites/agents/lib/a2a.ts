// Shared pieces of the A2A checks: fetching the agent card (as a v0.3 client asks, and with
// `A2A-Version: 1.0`), reading its version, and the interfaces it declares on each binding. A2A defines
// three equal standard bindings — JSON-RPC, gRPC and HTTP+JSON (REST) — in v0.3 (`url` +
// `preferredTransport` + `additionalInterfaces`) and in v1.0 (`supportedInterfaces`).

import type { CheckContext } from '../../../runners/core/check.ts';
import type { CheckResult } from '../../../runners/core/types.ts';

export interface CardFetch {
  card: Record<string, any>;
  version?: string;
  transcriptId: string;
}

/** The version a card declares: v0.3's top-level `protocolVersion`, else v1.0's first interface's. */
export function cardVersion(c: Record<string, any>): string | undefined {
  if (typeof c.protocolVersion === 'string') return c.protocolVersion;
  if (Array.isArray(c.supportedInterfaces) && typeof c.supportedInterfaces[0]?.protocolVersion === 'string') return c.supportedInterfaces[0].protocolVersion;
  return undefined;
}

/** v1.x (the major the suite speaks beside 0.3). */
export const isV1 = (v: string | undefined) => !!v && /^1(\.\d+){0,2}$/.test(v);
/** GET the card at the target's card_url; `version` sends `A2A-Version` (none: what a v0.3 client sends). */
export async function fetchCard(ctx: CheckContext<any>, version?: string): Promise<CardFetch | CheckResult> {
  const res = await ctx.http.a2a!.request({ method: 'GET', headers: { accept: 'application/json', ...(version ? { 'a2a-version': version } : {}) } });
  if (res.status !== 200) return { status: 'fail', message: `the agent card URL answered HTTP ${res.status}` };
  let card: unknown;
  try {
    card = res.json();
  } catch {
    return { status: 'fail', message: `the agent card is not JSON (${res.headers['content-type'] ?? 'no content-type'})` };
  }
  if (!card || typeof card !== 'object' || Array.isArray(card)) return { status: 'fail', message: 'the agent card is not a JSON object' };
  const c = card as Record<string, any>;
  return { card: c, version: cardVersion(c), transcriptId: res.transcriptId };
}

export type Binding = 'JSONRPC' | 'HTTP+JSON' | 'GRPC';
export interface AgentInterface {
  url: string;
  /** As declared (JSONRPC, HTTP+JSON, GRPC, or another string). */
  binding: string;
  /** The protocol version this interface speaks. */
  version: string;
}

/** Every interface a card declares (v1.0 supportedInterfaces; v0.3 url + additionalInterfaces), de-duplicated. */
export function cardInterfaces(card: Record<string, any>): AgentInterface[] {
  const out: AgentInterface[] = [];
  const v = cardVersion(card) ?? '';
  for (const i of Array.isArray(card.supportedInterfaces) ? card.supportedInterfaces : []) {
    if (typeof i?.url === 'string') out.push({ url: i.url, binding: String(i.protocolBinding ?? ''), version: String(i.protocolVersion ?? v) });
  }
  if (typeof card.protocolVersion === 'string') {
    if (typeof card.url === 'string') out.push({ url: card.url, binding: String(card.preferredTransport ?? 'JSONRPC'), version: v });
    for (const i of Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces : []) {
      if (typeof i?.url === 'string') out.push({ url: i.url, binding: String(i.transport ?? ''), version: v });
    }
  }
  const seen = new Set<string>();
  return out.filter((i) => {
    const k = `${i.binding} ${i.version} ${i.url}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The interfaces to probe: those of the binding the target names (`endpoints.a2a.binding`), else all,
 * one per (binding, major version). gRPC interfaces are returned apart: the suite does not speak gRPC.
 */
export function interfacesToProbe(
  ctx: CheckContext<any>,
  ifaces: AgentInterface[],
): { probe: AgentInterface[]; grpc: AgentInterface[]; other: AgentInterface[] } {
  const want = ctx.target.endpoints.a2a?.binding as Binding | undefined;
  const chosen = want ? ifaces.filter((i) => i.binding === want) : ifaces;
  const seen = new Set<string>();
  const probe: AgentInterface[] = [];
  for (const i of chosen) {
    if (i.binding !== 'JSONRPC' && i.binding !== 'HTTP+JSON') continue;
    const k = `${i.binding} ${isV1(i.version) ? '1' : i.version}`;
    if (seen.has(k)) continue;
    seen.add(k);
    probe.push(i);
  }
  return { probe, grpc: chosen.filter((i) => i.binding === 'GRPC'), other: chosen.filter((i) => !['JSONRPC', 'HTTP+JSON', 'GRPC'].includes(i.binding)) };
}

/** Headers a request to an interface carries: v1.0 requests name their version (A2A-Version). */
export const versionHeaders = (i: AgentInterface): Record<string, string> => (isV1(i.version) ? { 'a2a-version': i.version } : {});

/** `url` + `/path`, keeping the interface's own path. */
export const under = (url: string, path: string) => url.replace(/\/+$/, '') + path;

export const isCheckResult = (x: unknown): x is CheckResult => typeof x === 'object' && x !== null && 'status' in x && 'message' in x;
