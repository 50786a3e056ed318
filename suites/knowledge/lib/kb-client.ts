// How the suite asks a knowledge interface: POST `<base_url>/<query_path>` with `{<question_field>: q}`,
// answer text in `answer_field`, citations in `citations_field` as objects with `source_field` (or plain
// strings). The defaults match the reference deployment; params of each check may rename them.

import type { HttpClient } from '../../../runners/http/client.ts';

export interface KbParams {
  query_path?: string;
  question_field?: string;
  answer_field?: string;
  citations_field?: string;
  source_field?: string;
}

export const KB_PARAMS_SCHEMA = {
  query_path: { type: 'string', default: 'query', description: 'path under the knowledge base_url that answers a question' },
  question_field: { type: 'string', default: 'question' },
  answer_field: { type: 'string', default: 'answer' },
  citations_field: { type: 'string', default: 'citations' },
  source_field: { type: 'string', default: 'source' },
} as const;

export interface KbAnswer {
  answer?: string;
  sources: string[];
  /** why no answer could be read (HTTP status, body not JSON …) */
  problem?: string;
  transcriptId?: string;
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
    const answer = body?.[p.answer_field ?? 'answer'];
    if (typeof answer !== 'string') return { sources: [], problem: `no string field ${p.answer_field ?? 'answer'}`, transcriptId: res.transcriptId };
    const cites = body?.[p.citations_field ?? 'citations'];
    const sources = Array.isArray(cites)
      ? cites.map((c: unknown) => (typeof c === 'string' ? c : typeof c === 'object' && c ? String((c as Record<string, unknown>)[p.source_field ?? 'source'] ?? '') : '')).filter(Boolean)
      : [];
    return { answer, sources, transcriptId: res.transcriptId };
  } catch (e) {
    return { sources: [], problem: (e as Error).message };
  }
}

export function kbParams(p: KbParams): KbParams {
  return { query_path: p.query_path, question_field: p.question_field, answer_field: p.answer_field, citations_field: p.citations_field, source_field: p.source_field };
}
