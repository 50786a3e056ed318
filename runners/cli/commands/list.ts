// `govllm list clauses|profiles`: what the standard asks, as a table for people or JSON for tools.

import path from 'node:path';
import type { CommandModule } from 'yargs';
import { DOMAINS, type Catalog, type Clause, type Domain } from '../../core/types.ts';
import { DEFAULT_EDITION_DIR, loadCatalog } from '../../load/catalog.ts';
import { displayPath, loadValidated } from '../../load/documents.ts';
import { listProfileFiles, loadProfile, profileProblems, selectClauses, PROFILES_DIR } from '../../load/profile.ts';
import type { Profile } from '../../core/types.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  what: 'clauses' | 'profiles';
  domain?: Domain;
  level?: number;
  profile?: string;
  json?: boolean;
  catalog?: string;
}

/** `guide 二(二)3.3`, with `?` after a source not read from the primary text. */
function sourceLabel(c: Clause): string {
  return c.sources.map((s) => `${s.doc} ${s.section}${s.verified === false ? '?' : ''}`).join('; ');
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

function clauseRows(catalog: Catalog, clauses: Clause[]): string {
  const lines = clauses.map((c) =>
    [
      pad(c.id, 11),
      `L${c.level}`,
      c.obligation === 'shall' ? '应' : '宜',
      c.critical ? '★' : ' ',
      pad(c.verification, 11),
      pad(c.title.zh, 40),
      sourceLabel(c),
    ].join(' '),
  );
  const perDomain = DOMAINS.map((d) => `${d} ${clauses.filter((c) => c.domain === d).length}`).join(', ');
  return (
    lines.join('\n') +
    `\n\n${clauses.length} clause(s) of ${catalog.edition.id} (${perDomain}). 应 = shall, 宜 = should, ★ = red line (critical), ? = source not yet verified against the primary text.\n`
  );
}

const command: CommandModule<object, Args> = {
  command: 'list <what>',
  describe: 'List the clauses of the standard (with their sources) or the profiles',
  builder: (y) =>
    y
      .positional('what', { choices: ['clauses', 'profiles'] as const, demandOption: true, describe: 'what to list' })
      .option('domain', { choices: DOMAINS, describe: 'only clauses of this domain' })
      .option('level', { type: 'number', describe: 'only clauses required at exactly this maturity level (1–5)' })
      .option('profile', { type: 'string', describe: 'only clauses this profile selects (id or file)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON (an array) instead of a table' })
      .option('catalog', { type: 'string', describe: 'edition folder (default: the built-in gov-llm-2.0)' })
      .check((a) => {
        if (a.level !== undefined && (!Number.isInteger(a.level) || a.level < 1 || a.level > 5)) throw new Error('--level must be an integer from 1 to 5');
        return true;
      })
      .example('govllm list clauses --domain safety --level 1', 'the level-1 safety clauses')
      .example('govllm list clauses --json | jq length', 'machine-readable, every field of every clause')
      .example('govllm list profiles', 'the profiles and how many clauses each selects'),
  handler: (args) => {
    const catalog = loadCatalog(args.catalog ? path.resolve(args.catalog) : DEFAULT_EDITION_DIR);
    const profilesDir = args.catalog ? path.join(path.resolve(args.catalog), '..', 'profiles') : PROFILES_DIR;
    if (args.what === 'profiles') {
      const rows = listProfileFiles(profilesDir).map((file) => {
        const doc = loadValidated<Profile>(file, 'profile.schema.json');
        const problems = profileProblems(doc, catalog);
        const p = doc.data;
        return {
          id: p.id,
          title: p.title,
          required_level: p.required_level,
          attestations: p.attestations ?? 'evaluate',
          clauses: problems.length ? null : selectClauses(catalog, p).length,
          problems,
          file: displayPath(file),
        };
      });
      if (args.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        for (const r of rows) {
          process.stdout.write(
            `${pad(r.id, 11)} L${r.required_level}  ${r.clauses === null ? 'invalid' : `${r.clauses} clauses`}  ${r.title.zh} / ${r.title.en}  (${r.file})\n` +
              r.problems.map((p) => `  error: ${p}\n`).join(''),
          );
        }
        process.stdout.write(`${rows.length} profile(s); L = the maturity level the profile requires.\n`);
      }
      if (rows.some((r) => r.problems.length)) process.exitCode = EXIT.INPUT;
      return;
    }
    let clauses = catalog.clauses;
    if (args.profile) clauses = selectClauses(catalog, loadProfile(args.profile, catalog, profilesDir).profile);
    if (args.domain) clauses = clauses.filter((c) => c.domain === args.domain);
    if (args.level !== undefined) clauses = clauses.filter((c) => c.level === args.level);
    if (args.json) {
      const out = clauses.map((c) => ({ ...c, location: catalog.locations.get(c.id) }));
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return;
    }
    if (clauses.length === 0) throw new ExitError(EXIT.OK, 'no clause matches.');
    process.stdout.write(clauseRows(catalog, clauses));
  },
};

export default command;
