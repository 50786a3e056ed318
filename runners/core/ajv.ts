// One way to make an ajv. A schema is validated by the class of the draft it is written in (2020-12 for the
// project's own schemas and recent protocol schemas; draft-07 for MCP's older revisions, CycloneDX and OSCAL), with
// ajv-formats, every error collected and strict mode off (third-party schemas use keywords ajv's strict mode refuses).

import { Ajv, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;

export type Draft = '2020-12' | 'draft-07';

/** The draft a schema declares in `$schema`; `fallback` when it declares none. */
export function draftOf(schema: unknown, fallback: Draft = '2020-12'): Draft {
  const s = (schema as { $schema?: unknown } | null)?.$schema;
  if (typeof s !== 'string') return fallback;
  return s.includes('draft-07') ? 'draft-07' : s.includes('2020-12') ? '2020-12' : fallback;
}

export function newAjv(draft: Draft, options: Options = {}): Ajv {
  const o: Options = { strict: false, allErrors: true, ...options };
  const a = draft === '2020-12' ? (new Ajv2020(o) as unknown as Ajv) : new Ajv(o);
  return addFormats(a);
}
