// How the suite asks a knowledge interface. The standard fixes no wire format, so each field comes from, in
// order: the check's params (profile `params`), the target's `endpoints.knowledge.shape`, and discovery —
// the answer is the `answer` field, else the first string under a usual answer name at any depth, else the
// longest string; citations are any array of objects carrying a document id or URL (or of plain strings
// under a citation-like name), at any depth. Request: POST `<base_url>/<query_path>` with `{<question_field>: q}`.

import type { HttpClient } from '../../../runners/http/client.ts';
import { getPath } from '../../lib/json-path.ts';
import type { Target } from '../../../runners/core/types.ts';

export interface KbParams {
  query_path?: string;
  question_field?: string;
  answer_field?: string;
  citations_field?: string;
  source_field?: string;
}

export const KB_PARAMS_SCHEMA = {
  query_path: { type: 'string', description: "path under the knowledge base_url that answers a question (default: the target's shape.query_path, else query)" },
  question_field: { type: 'string', description: 'request field of the question (default: shape.question_field, else question)' },
  answer_field: { type: 'string', description: 'dotted path of the answer text (default: shape.answer_path, else discovered)' },
  citations_field: { type: 'string', description: 'dotted path of the citations array (default: shape.citations_path, else discovered)' },
  source_field: { type: 'string', description: 'field of a citation naming the document (default: shape.citation_id_field, else discovered)' },
} as const;

export interface KbAnswer {
  answer?: string;
  sources: string[];
  /** why no answer could be read (HTTP status, body not JSON …) */
  problem?: string;
  transcriptId?: string;
}

const ANSWER_NAMES = ['answer', 'reply', 'response', 'output', 'result', 'text', 'content', 'message', 'summary'];
const CITATION_NAMES = /^(citations?|sources?|references?|refs|documents?|docs|evidence|retrieved|hits|chunks|passages)$/i;
/** Fields of a citation object that name the document, most specific first. */
export const CITATION_ID_FIELDS = [
  'source',
  'doc_id',
  'document_id',
  'docId',
  'documentId',
  'source_id',
  'sourceId',
  'file',
  'filename',
  'url',
  'uri',
  'link',
  'href',
  'id',
];

/** Every (path, value) of a JSON value, breadth first, bounded. */
function* walk(v: unknown, path: string[] = [], depth = 0): Generator<[string[], unknown]> {
  const queue: [string[], unknown, number][] = [[path, v, depth]];
  let seen = 0;
  while (queue.length && seen < 5000) {
    const [p, x, d] = queue.shift()!;
    seen++;
    yield [p, x];
    if (d >= 8 || !x || typeof x !== 'object') continue;
    for (const [k, c] of Object.entries(x as Record<string, unknown>)) queue.push([[...p, k], c, d + 1]);
  }
}

function findAnswer(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as Record<string, unknown>).answer === 'string') return (body as Record<string, string>).answer;
  let longest: string | undefined;
  for (const name of ANSWER_NAMES) {
    for (const [p, v] of walk(body)) if (typeof v === 'string' && p[p.length - 1]?.toLowerCase() === name) return v;
  }
  for (const [p, v] of walk(body)) if (typeof v === 'string' && !p.some((k) => CITATION_NAMES.test(k)) && (!longest || v.length > longest.length)) longest = v;
  return longest;
}

function citationId(c: unknown, field?: string): string {
  if (typeof c === 'string') return c;
  if (!c || typeof c !== 'object') return '';
  const o = c as Record<string, unknown>;
  if (field) return o[field] === undefined || o[field] === null ? '' : String(o[field]);
  for (const f of CITATION_ID_FIELDS) if (typeof o[f] === 'string' || typeof o[f] === 'number') return String(o[f]);
  return '';
}

/** The citations of an answer body: at `path` when given, else discovered. */
export function findCitations(body: unknown, path?: string, idField?: string): string[] {
  if (path) {
    const arr = getPath(body, path);
    return Array.isArray(arr) ? arr.map((c) => citationId(c, idField)).filter(Boolean) : [];
  }
  for (const [p, v] of walk(body)) {
    if (!Array.isArray(v) || !v.length) continue;
    const objects = v.every(
      (c) =>
        c &&
        typeof c === 'object' &&
        !Array.isArray(c) &&
        (idField
          ? (c as Record<string, unknown>)[idField] !== undefined
          : CITATION_ID_FIELDS.some((f) => typeof (c as Record<string, unknown>)[f] === 'string' || typeof (c as Record<string, unknown>)[f] === 'number')),
    );
    const strings = v.every((c) => typeof c === 'string') && CITATION_NAMES.test(p[p.length - 1] ?? '');
    if (objects || strings) return v.map((c) => citationId(c, idField)).filter(Boolean);
  }
  return [];
}

export async function ask(http: HttpClient, question: string, p: KbParams): Promise<KbAnswer> {
  try {
    const res = await http.request({ method: 'POST', path: p.query_path ?? 'query', body: { [p.question_field ?? 'question']: question } });
    if (res.status !== 200) return { sources: [], problem: `HTTP ${res.status}`, transcriptId: res.transcriptId };
    let body: any;
    try {
      body = res.json();
    } catch (e) {
      return { sources: [], problem: (e as Error).message.replace(/^.*answered unreadably: /, 'unreadable answer: '), transcriptId: res.transcriptId };
    }
    const answer = p.answer_field ? getPath(body, p.answer_field) : findAnswer(body);
    if (typeof answer !== 'string') {
      return {
        sources: [],
        problem: p.answer_field
          ? `no string at ${p.answer_field}`
          : 'no answer text found in the body (set endpoints.knowledge.shape.answer_path in the target)',
        transcriptId: res.transcriptId,
      };
    }
    return { answer, sources: findCitations(body, p.citations_field, p.source_field), transcriptId: res.transcriptId };
  } catch (e) {
    return { sources: [], problem: (e as Error).message };
  }
}

/** The fields to ask with: the check's params over the target's `endpoints.knowledge.shape`. */
export function kbParams(p: KbParams, target?: Target): KbParams {
  const s = target?.endpoints.knowledge?.shape ?? {};
  return {
    query_path: p.query_path ?? s.query_path,
    question_field: p.question_field ?? s.question_field,
    answer_field: p.answer_field ?? s.answer_path,
    citations_field: p.citations_field ?? s.citations_path,
    source_field: p.source_field ?? s.citation_id_field,
  };
}
