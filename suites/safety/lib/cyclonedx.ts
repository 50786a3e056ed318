// Validation against the official CycloneDX JSON schemas shipped by @cyclonedx/cyclonedx-library
// (res/schema/bom-<version>.SNAPSHOT.schema.json, draft-07, with the SPDX licence and JSF signature
// schemas they reference). One validator per spec version, compiled on first use.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { newAjv } from '../../../runners/core/ajv.ts';

const require = createRequire(import.meta.url);
const SCHEMA_DIR = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
export const CYCLONEDX_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  const a = newAjv('draft-07');
  // Formats ajv-formats lacks; the schema uses them for IRIs and e-mail addresses.
  for (const f of ['iri-reference', 'iri', 'idn-email']) a.addFormat(f, true);
  for (const [file, id] of [
    ['spdx.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json'],
    ['jsf-0.82.SNAPSHOT.schema.json', 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json'],
  ]) {
    a.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')), id);
  }
  const crypto = path.join(SCHEMA_DIR, 'cryptography-defs.SNAPSHOT.schema.json');
  if (fs.existsSync(crypto)) a.addSchema(JSON.parse(fs.readFileSync(crypto, 'utf8')), 'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json');
  ajv = a;
  return a;
}

/** The official validator of a CycloneDX spec version, or undefined when the library has none. */
export function cyclonedxValidator(version: string): ValidateFunction | undefined {
  if (!CYCLONEDX_VERSIONS.includes(version)) return undefined;
  let v = validators.get(version);
  if (!v) {
    const file = path.join(SCHEMA_DIR, `bom-${version}.SNAPSHOT.schema.json`);
    if (!fs.existsSync(file)) return undefined;
    const compiled = instance().compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    validators.set(version, compiled);
    v = compiled;
  }
  return v;
}
