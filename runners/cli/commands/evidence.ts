// `govllm evidence init DIR`     writes an empty pack a vendor fills in: one template per evidence kind
//                                (CSV with its header, JSON skeleton, Markdown document) and manifest.yaml;
// `govllm evidence hash DIR`     recomputes the manifest's SHA-256 of every file after editing
//                                (`--check` only reports, exit 1 on a mismatch, like `sha256sum -c`);
// `govllm evidence validate DIR` verifies hashes and checks every file against its kind's schema.
// The kinds and their formats are the JSON Schemas in standards/schemas/evidence/.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { parseDocument } from 'yaml';
import { MAX_DOCUMENT_BYTES, SCHEMA_DIR, ajv, displayPath, parseFile, readBounded } from '../../load/documents.ts';
import { headOfPlainFile, packFileProblem } from '../../evidence/files.ts';
import { InputError } from '../../load/errors.ts';
import { readCsv } from '../../evidence/csv.ts';
import { readJson } from '../../evidence/json.ts';
import { EvidenceReadError } from '../../evidence/errors.ts';
import { loadEvidencePack, manifestOf, sha256File } from '../../evidence/pack.ts';
import { EXIT, ExitError } from '../main.ts';

interface KindSchema {
  $id: string;
  title?: string;
  description?: string;
  'x-kind': string;
  'x-format': 'csv' | 'json' | 'document';
  'x-csv-columns'?: string[];
  'x-csv-optional-columns'?: string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
}
interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
}

/** Every evidence kind, from standards/schemas/evidence/*.schema.json. */
export function evidenceKinds(): KindSchema[] {
  const dir = path.join(SCHEMA_DIR, 'evidence');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as KindSchema);
}

/** A JSON skeleton with every required property present and empty, for a person to fill in. */
function skeleton(node: SchemaNode | undefined): unknown {
  if (!node) return null;
  if (node.const !== undefined) return node.const;
  const t = [node.type ?? (node.properties ? 'object' : 'string')].flat()[0];
  if (t === 'object') {
    const o: Record<string, unknown> = {};
    // Optional properties too, so a vendor sees every field the format has.
    for (const k of [...new Set([...(node.required ?? []), ...Object.keys(node.properties ?? {})])]) if (k !== '$schema') o[k] = skeleton(node.properties?.[k]);
    return o;
  }
  if (t === 'array') return node.items ? [skeleton(node.items)] : [];
  if (t === 'boolean') return false;
  if (t === 'integer' || t === 'number') return 0;
  return node.enum ? node.enum.join(' | ') : '';
}

function templateFor(k: KindSchema): { file: string; text: string } {
  const kind = k['x-kind'];
  if (k['x-format'] === 'csv') {
    const cols = [...(k['x-csv-columns'] ?? []), ...(k['x-csv-optional-columns'] ?? [])];
    return { file: `${kind}.csv`, text: cols.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\n' };
  }
  if (k['x-format'] === 'document') {
    return {
      file: `documents/${kind}.md`,
      text: `# ${k.title ?? kind}\n\n<!-- ${k.description ?? ''}\n     Write the document here, or replace this file with a PDF and change its name in manifest.yaml. -->\n`,
    };
  }
  if (kind === 'sbom') {
    return {
      file: 'sbom.cdx.json',
      text:
        JSON.stringify(
          {
            bomFormat: 'CycloneDX',
            specVersion: '1.6',
            version: 1,
            metadata: { component: { type: 'application', name: '' } },
            components: [],
            vulnerabilities: [],
          },
          null,
          2,
        ) + '\n',
    };
  }
  return {
    file: `${kind}.json`,
    text: JSON.stringify({ $schema: k.$id, ...(skeleton({ type: 'object', properties: k.properties, required: k.required }) as object) }, null, 2) + '\n',
  };
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function init(dir: string, force: boolean, only?: string[]): void {
  const kinds = evidenceKinds().filter((k) => !only?.length || only.includes(k['x-kind']));
  if (only?.length) {
    const unknown = only.filter((o) => !kinds.some((k) => k['x-kind'] === o));
    if (unknown.length)
      throw new ExitError(
        EXIT.INPUT,
        `unknown evidence kind(s): ${unknown.join(', ')}; known: ${evidenceKinds()
          .map((k) => k['x-kind'])
          .join(', ')}`,
      );
  }
  const manifestPath = path.join(dir, 'manifest.yaml');
  if (fs.existsSync(manifestPath) && !force) throw new ExitError(EXIT.INPUT, `${displayPath(manifestPath)} exists; pass --force to overwrite the templates`);
  const entries: { file: string; kind: string; sha256: string; description: string }[] = [];
  for (const k of kinds) {
    const t = templateFor(k);
    const abs = path.join(dir, t.file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, t.text);
    entries.push({ file: t.file, kind: k['x-kind'], sha256: sha(t.text), description: k.title ?? k['x-kind'] });
  }
  const lines = [
    '# Evidence pack manifest. Fill in every file, delete the kinds that do not apply, then run',
    '#   govllm evidence hash <this folder>       (recomputes each sha256)',
    "#   govllm evidence validate <this folder>   (checks every file against its kind's schema)",
    '# Formats: standards/schemas/evidence/<kind>.schema.json',
    '$schema: evidence-manifest.schema.json',
    'vendor: ""  # your organisation',
    'deployment: ""',
    `prepared_at: "${new Date().toISOString().slice(0, 10)}"`,
    'files:',
    ...entries.flatMap((e) => [`  - file: ${e.file}`, `    kind: ${e.kind}`, `    sha256: ${e.sha256}`, `    description: ${JSON.stringify(e.description)}`]),
  ];
  fs.writeFileSync(manifestPath, lines.join('\n') + '\n');
  process.stdout.write(`wrote ${entries.length} templates and ${displayPath(manifestPath)}\n`);
}

async function hash(dir: string, check: boolean): Promise<void> {
  if (!fs.existsSync(path.join(dir, 'manifest.yaml'))) throw new ExitError(EXIT.INPUT, `${displayPath(path.join(dir, 'manifest.yaml'))} does not exist`);
  const manifestPath = manifestOf(dir);
  // Parsed (and so size-capped, UTF-8-checked) like every input before its text is rewritten.
  parseFile(manifestPath);
  const text = readBounded(manifestPath, MAX_DOCUMENT_BYTES).toString('utf8');
  const doc = parseDocument(text);
  const files = (doc.toJS() as { files?: { file: string; sha256?: string }[] }).files ?? [];
  const missing: string[] = [];
  const changed: string[] = [];
  const refused: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const abs = path.resolve(dir, files[i].file);
    const unsafe = packFileProblem(dir, String(files[i].file));
    if (unsafe) {
      refused.push(`${displayPath(manifestPath)}: ${files[i].file}: refused: ${unsafe}`);
      continue;
    }
    if (!fs.existsSync(abs)) {
      missing.push(files[i].file);
      continue;
    }
    let h: string;
    try {
      h = await sha256File(abs);
    } catch (e) {
      if (!(e instanceof EvidenceReadError)) throw e;
      refused.push(`${displayPath(manifestPath)}: ${files[i].file}: refused: ${e.detail}`);
      continue;
    }
    if (h !== files[i].sha256) {
      changed.push(files[i].file);
      if (!check) doc.setIn(['files', i, 'sha256'], h);
    }
  }
  // No hash is written while a file is refused: the manifest would otherwise vouch for what it must not.
  if (refused.length) throw new ExitError(EXIT.INPUT, refused.map((r) => `error: ${r}`).join('\n'));
  if (missing.length) throw new ExitError(EXIT.INPUT, `missing file(s) listed in ${displayPath(manifestPath)}: ${missing.join(', ')}`);
  if (check) {
    for (const f of changed) process.stdout.write(`${f}: FAILED (SHA-256 differs from the manifest)\n`);
    process.stdout.write(`${files.length - changed.length} of ${files.length} file(s) match the manifest\n`);
    if (changed.length) process.exitCode = EXIT.FAILED;
    return;
  }
  if (changed.length) fs.writeFileSync(manifestPath, doc.toString({ lineWidth: 0 }));
  process.stdout.write(
    changed.length ? `updated the SHA-256 of ${changed.length} file(s): ${changed.join(', ')}\n` : `all ${files.length} hashes were already right\n`,
  );
}

async function validate(dir: string): Promise<void> {
  const pack = await loadEvidencePack(dir);
  const problems: string[] = [];
  let ok = 0;
  for (const f of pack.files) {
    if (f.problem) {
      problems.push(f.problem);
      continue;
    }
    const schemaName = `evidence/${f.kind}.schema.json`;
    const schema = ajv().getSchema(schemaName)?.schema as KindSchema | undefined;
    try {
      if (!schema) problems.push(`${f.file}: kind "${f.kind}" has no schema in standards/schemas/evidence/ (checked for hash only)`);
      else if (schema['x-format'] === 'csv') {
        const s = await readCsv(f.path, { schema: schemaName, onRow: () => {} });
        process.stdout.write(`${f.file}: ${s.rows} rows valid (${f.kind})\n`);
        ok++;
      } else if (schema['x-format'] === 'json') {
        readJson(f.path, schemaName);
        process.stdout.write(`${f.file}: valid (${f.kind})\n`);
        ok++;
      } else {
        if (headOfPlainFile(f.path, 1).length === 0) throw new EvidenceReadError(f.file, 'is empty');
        process.stdout.write(`${f.file}: present (${f.kind})\n`);
        ok++;
      }
    } catch (e) {
      if (e instanceof EvidenceReadError) problems.push(e.message);
      else throw e;
    }
  }
  if (problems.length) throw new ExitError(EXIT.INPUT, problems.map((p) => `error: ${p}`).join('\n') + `\n${problems.length} problem(s); ${ok} file(s) valid.`);
  process.stdout.write(`${ok} file(s) valid.\n`);
}

interface Args {
  dir: string;
  force?: boolean;
  kinds?: string;
  check?: boolean;
}

const command: CommandModule<object, Args> = {
  command: 'evidence <action> <dir>',
  describe: 'Evidence packs: `init` writes templates and a manifest, `hash` recomputes SHA-256s, `validate` checks every file',
  builder: (y) =>
    (y as Argv<object>)
      .positional('action', { choices: ['init', 'hash', 'validate'] as const, describe: 'what to do' })
      .positional('dir', { type: 'string', demandOption: true, describe: 'the pack folder' })
      .option('force', { type: 'boolean', default: false, describe: 'init: overwrite an existing pack' })
      .option('kinds', { type: 'string', describe: 'init: only these kinds (comma-separated)' })
      .option('check', { type: 'boolean', default: false, describe: 'hash: only report files whose hash differs (exit 1)' })
      .example('govllm evidence init my-pack', 'write empty templates for every evidence kind')
      .example('govllm evidence hash my-pack', 'after filling the files in, record their SHA-256')
      .example('govllm evidence validate my-pack', 'check hashes and formats before submitting') as unknown as Argv<Args>,
  handler: async (args) => {
    const action = (args as unknown as { action: string }).action;
    const dir = path.resolve(args.dir);
    try {
      if (action === 'init')
        init(
          dir,
          !!args.force,
          args.kinds
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      else if (action === 'hash') await hash(dir, !!args.check);
      else await validate(dir);
    } catch (e) {
      if (e instanceof InputError) throw new ExitError(EXIT.INPUT, e.problems.map((p) => `error: ${p}`).join('\n'));
      throw e;
    }
  },
};

export default command;
