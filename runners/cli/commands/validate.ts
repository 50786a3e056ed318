import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { DEFAULT_EDITION_DIR, loadCatalog } from '../../load/catalog.ts';
import { displayPath, loadValidated, parseFile, schemaForFile, type ParsedDocument } from '../../load/documents.ts';
import { profileProblems } from '../../load/profile.ts';
import { waiverProblems } from '../../load/waivers.ts';
import type { Catalog, Profile, Target, Waiver } from '../../core/types.ts';
import { targetUrlProblems } from '../../load/target-urls.ts';
import { InputError } from '../../load/errors.ts';
import { checkCatalogParams, loadCheckInfo, missingChecks } from '../../core/registry.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  files?: string[];
  catalog?: string;
}

/** Expands folders to the YAML/JSON files inside them; a folder holding none is an input error. */
function expand(files: string[], problems?: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (fs.existsSync(f) && fs.statSync(f).isDirectory()) {
      const inner = (fs.readdirSync(f, { recursive: true }) as string[])
        .filter((x) => /\.(ya?ml|json)$/.test(x) && !x.includes('node_modules'))
        .sort()
        .map((x) => path.join(f, x));
      if (inner.length === 0) problems?.push(`${displayPath(f)}: a folder with no YAML or JSON file to validate`);
      out.push(...inner);
    } else out.push(f);
  }
  return out;
}

const command: CommandModule<object, Args> = {
  command: 'validate [files..]',
  describe: 'Validate standard, profile, waiver, target and evidence-manifest files against their schemas (default: the built-in catalog)',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'files or folders; the schema is chosen by $schema or by file name' })
      .option('catalog', { type: 'string', describe: 'edition folder to validate as a whole', default: undefined })
      .example('govllm validate', 'validate the built-in catalog gov-llm-2.0 and its profiles')
      .example('govllm validate target.yaml evidence/manifest.yaml', 'validate your own files'),
  handler: async (args) => {
    const problems: string[] = [];
    let checked = 0;
    // Profiles and waivers are also held against a catalog (the one validated here, else the built-in one):
    // a clause id or tag that does not exist would otherwise select or waive nothing, silently.
    let catalog: Catalog | undefined;
    const catalogForCrossChecks = (): Catalog | undefined => {
      if (!catalog && !args.catalog) {
        try {
          catalog = loadCatalog(DEFAULT_EDITION_DIR);
        } catch {
          // The built-in catalog is broken: that is reported when it is validated; skip cross-checks here.
        }
      }
      return catalog;
    };
    const files = args.files?.length ? expand(args.files, problems) : [];
    if ((files.length === 0 && problems.length === 0) || args.catalog) {
      const dir = args.catalog ?? DEFAULT_EDITION_DIR;
      try {
        catalog = loadCatalog(dir);
        const reg = await loadCheckInfo();
        checkCatalogParams(catalog, reg, false);
        checked += catalog.domains.length + 1;
        const missing = missingChecks(catalog, reg);
        process.stdout.write(
          `${displayPath(dir)}: ${catalog.clauses.length} clauses in ${catalog.domains.length} domains, valid (sha256 ${catalog.sha256.slice(0, 12)}…)\n`,
        );
        if (missing.size > 0) {
          process.stdout.write(
            `note: ${missing.size} check ids named by the catalog are not implemented by any suite yet: ${[...missing.keys()].sort().join(', ')}\n`,
          );
        }
      } catch (e) {
        if (e instanceof InputError) problems.push(...e.problems);
        else throw e;
      }
      if (files.length === 0) {
        const profilesDir = path.join(dir, '..', 'profiles');
        if (fs.existsSync(profilesDir)) files.push(...expand([profilesDir]));
      }
    }
    for (const f of files) {
      try {
        const doc = parseFile(f);
        const schema = schemaForFile(f, doc.data);
        if (!schema) {
          problems.push(`${displayPath(f)}: cannot tell which format this is; add "$schema: <name>.schema.json"`);
          continue;
        }
        const valid = loadValidated(f, schema);
        if (schema === 'target.schema.json') {
          const urls = targetUrlProblems(valid.data as Target, valid);
          if (urls.length) {
            problems.push(...urls);
            continue;
          }
        }
        const cat = schema === 'profile.schema.json' || schema === 'waivers.schema.json' ? catalogForCrossChecks() : undefined;
        if (cat) {
          const more =
            schema === 'profile.schema.json'
              ? profileProblems(valid as ParsedDocument<Profile>, cat)
              : waiverProblems(valid as ParsedDocument<{ waivers: Waiver[] }>, cat);
          if (more.length) {
            problems.push(...more);
            continue;
          }
        }
        checked++;
        process.stdout.write(`${displayPath(f)}: valid (${schema})\n`);
      } catch (e) {
        if (e instanceof InputError) problems.push(...e.problems);
        else throw e;
      }
    }
    if (problems.length > 0) {
      throw new ExitError(EXIT.INPUT, problems.map((p) => `error: ${p}`).join('\n') + `\n${problems.length} problem(s) found.`);
    }
    process.stdout.write(`${checked} file(s) valid.\n`);
  },
};

export default command;
