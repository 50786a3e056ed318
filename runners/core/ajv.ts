// One way to make an ajv. A schema is validated by the class of the draft it is written in (2020-12 for the
// project's own schemas and recent protocol schemas; draft-07 for MCP's older revisions, CycloneDX and OSCAL), with
// ajv-formats, every error collected and strict mode off (third-party schemas use keywords ajv's strict mode refuses).
//
// ajv (86 modules, ~70 ms) is required on the first newAjv(), not imported: `govllm list` and `explain` read the
// catalog through the build's precompiled validators and never need it.

import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

export type Draft = '2020-12' | 'draft-07';

/** The draft a schema declares in `$schema`; `fallback` when it declares none. */
export function draftOf(schema: unknown, fallback: Draft = '2020-12'): Draft {
  const s = (schema as { $schema?: unknown } | null)?.$schema;
  if (typeof s !== 'string') return fallback;
  return s.includes('draft-07') ? 'draft-07' : s.includes('2020-12') ? '2020-12' : fallback;
}

const require = createRequire(import.meta.url);

export function newAjv(draft: Draft, options: Options = {}): Ajv {
  const o: Options = { strict: false, allErrors: true, ...options };
  const a =
    draft === '2020-12'
      ? new (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020(o)
      : new (require('ajv') as typeof import('ajv')).Ajv(o);
  const addFormats = (require('ajv-formats') as { default: (a: Ajv) => Ajv }).default;
  return addFormats(a as unknown as Ajv);
}
