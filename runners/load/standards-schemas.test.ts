// Every file format of issue 3 has example files: the valid ones load, the invalid ones are refused with a
// message that names file:line and says what is wrong (each invalid example states the message it expects in
// a leading `# expect: …` comment). The examples double as documentation of each format.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SCHEMA_DIR, ajv, displayPath, loadValidated } from './documents.ts';
import { InputError } from './errors.ts';

const EXAMPLES = path.join(ROOT, 'standards/examples');
/** The formats issue 3 defines; each must have at least one valid and one invalid example. */
const FORMATS = ['edition', 'clause-file', 'profile', 'waivers', 'target', 'evidence-manifest', 'i18n'];

function examples(format: string, kind: 'valid' | 'invalid'): string[] {
  const dir = path.join(EXAMPLES, format, kind);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

function refusal(file: string, schema: string): InputError {
  try {
    loadValidated(file, schema);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`${displayPath(file)} was accepted by ${schema}, but it is an invalid example`);
}

describe('the schemas', () => {
  // Compiled, the loader skips this check on every start (runners/load/documents.ts): it is made here.
  it('are each valid against the meta-schema of their draft', () => {
    const files = fs.readdirSync(SCHEMA_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
      expect(ajv().validateSchema(schema), `${f}: ${JSON.stringify(ajv().errors)}`).toBe(true);
    }
  });
});

describe('schema examples', () => {
  it('cover every format of issue 3 with valid and invalid files', () => {
    for (const f of FORMATS) {
      expect(fs.existsSync(path.join(SCHEMA_DIR, `${f}.schema.json`)), `${f}.schema.json exists`).toBe(true);
      expect(examples(f, 'valid').length, `${f}: valid examples`).toBeGreaterThan(0);
      expect(examples(f, 'invalid').length, `${f}: invalid examples`).toBeGreaterThan(0);
    }
    // Other schemas (results, journal, evidence kinds…) belong to other parts of the suite and are tested there;
    // name them so a gap is visible rather than hidden.
    const others = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json') && !FORMATS.includes(f.replace('.schema.json', '')));
    if (others.length) console.log(`schemas without examples in standards/examples (tested by their owners): ${others.join(', ')}`);
  });

  for (const format of FORMATS) {
    const schema = `${format}.schema.json`;
    for (const file of examples(format, 'valid')) {
      it(`${format}: ${path.basename(file)} is valid`, () => {
        expect(() => loadValidated(file, schema)).not.toThrow();
      });
    }
    for (const file of examples(format, 'invalid')) {
      it(`${format}: ${path.basename(file)} is refused with file:line and the expected message`, () => {
        const expected = /^# expect: (.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1].trim();
        expect(expected, `${displayPath(file)} states its expected message in "# expect: …"`).toBeTruthy();
        const e = refusal(file, schema);
        const shown = displayPath(file);
        const first = e.problems[0];
        expect(first.startsWith(`${shown}:`), first).toBe(true);
        expect(first).toMatch(new RegExp(`^${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
        expect(
          e.problems.some((p) => p.includes(expected!)),
          `one of ${JSON.stringify(e.problems)} contains "${expected}"`,
        ).toBe(true);
      });
    }
  }
});
