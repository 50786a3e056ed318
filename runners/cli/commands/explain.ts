// `govllm explain <clause-id>`: everything an evaluator or vendor needs to understand one clause — what is
// required (zh/en), where it comes from, the thresholds it is held to, how it is verified and by which checks
// (and whether a suite implements them yet), and how to fix a failure.

import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { Catalog, Clause } from '../../core/types.ts';
import { loadCheckInfo, type CheckInfoRegistry } from '../../core/registry.ts';
import { DEFAULT_EDITION_DIR, SHOULD_GATES_FROM_LEVEL, gates, loadCatalog, redLine, verifiedSources } from '../../load/catalog.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  id: string;
  json?: boolean;
  catalog?: string;
}

const OBLIGATION = { shall: '应 (shall)', should: '宜 (should)' } as const;

function suggestions(catalog: Catalog, id: string): string[] {
  const up = id.toUpperCase();
  const prefix = up.split('-').slice(0, 2).join('-');
  const near = catalog.clauses.filter((c) => c.id.startsWith(prefix)).map((c) => c.id);
  if (near.length) return near.slice(0, 12);
  const dom = up.split('-')[0];
  return catalog.domains
    .flatMap((d) => d.items)
    .filter((i) => i.id.startsWith(dom))
    .map((i) => `${i.id}-…`)
    .slice(0, 12);
}

function fmtValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function explainText(catalog: Catalog, c: Clause, reg: CheckInfoRegistry | undefined, regError: string | undefined): string {
  const domain = catalog.edition.domains.find((d) => d.id === c.domain)!;
  const item = catalog.domains.find((d) => d.domain === c.domain)?.items.find((i) => i.id === c.item);
  const level = catalog.edition.levels.find((l) => l.level === c.level);
  const docs = new Map(catalog.edition.documents.map((d) => [d.id, d]));
  const out: string[] = [];
  out.push(`${c.id}  ${c.title.zh}`);
  out.push(`${' '.repeat(c.id.length)}  ${c.title.en}`);
  out.push('');
  out.push(`Domain        ${domain.title.zh} / ${domain.title.en}`);
  out.push(`Item (能力项)  ${c.item}${item ? ` ${item.title.zh} / ${item.title.en}` : ''}`);
  out.push(`Obligation    ${OBLIGATION[c.obligation]}`);
  out.push(`Level         ${c.level}${level ? ` ${level.name.zh} / ${level.name.en}` : ''} — required from this maturity level up`);
  out.push(`Weight        ${c.weight}`);
  if (c.critical) {
    out.push(
      redLine(c)
        ? `Red line      yes: failing this clause denies the overall verdict whatever the scores (RED-LINES.md)`
        : `Red line      declared, but a source is not verified against its primary text: scored and listed, never denies the verdict (RED-LINES.md)`,
    );
  }
  const gating = gates(c);
  out.push(
    `Gates levels  ${
      gating
        ? 'yes (MATURITY.md)'
        : !verifiedSources(c)
          ? 'no: a source is not yet verified against its primary text (scored, never gates a level)'
          : `no (宜/should clauses below level ${SHOULD_GATES_FROM_LEVEL} count in scores only)`
    }`,
  );
  if (c.tags?.length) out.push(`Tags          ${c.tags.join(', ')}`);
  out.push('');
  out.push('Requirement');
  out.push(`  zh  ${c.requirement.zh}`);
  out.push(`  en  ${c.requirement.en}`);
  out.push('');
  out.push('Sources');
  for (const s of c.sources) {
    const title = docs.get(s.doc)?.title ?? s.doc;
    const flag = s.verified === false ? '  [not verified against the primary text]' : '';
    out.push(`  - ${title} ${s.section}${flag}${s.note ? `\n      ${s.note}` : ''}`);
  }
  out.push('');
  const caps = c.applies_when?.capabilities ?? [];
  out.push(`Verification  ${c.verification}${caps.length ? ` — applies when the target exposes: ${caps.join(', ')}` : ''}`);
  if (c.applies_when?.evidence?.length) out.push(`              evidence kinds: ${c.applies_when.evidence.join(', ')}`);
  out.push('');
  out.push('Checks');
  c.checks.forEach((u, i) => {
    if (u.use === 'attestation') {
      out.push(`  ${i + 1}. attestation — an evaluator records a verdict (pass / fail / not applicable) with reasons and evidence`);
    } else {
      const def = reg?.checks.get(u.use);
      const status = def
        ? `${def.title} (${reg!.files.get(u.use)}; needs ${def.needs.join(', ') || 'nothing'})`
        : reg
          ? 'NOT IMPLEMENTED by any suite yet: the clause comes out not_tested'
          : `implementation unknown (${regError})`;
      out.push(`  ${i + 1}. ${u.use} — ${status}`);
    }
    const entries = Object.entries(u.with ?? {});
    if (entries.length) {
      out.push(`     thresholds and inputs (with:)`);
      for (const [k, v] of entries) out.push(`       ${k} = ${fmtValue(v)}`);
    }
  });
  out.push('');
  const BASIS = {
    source: 'the cited source',
    'suite-policy': "this suite's policy (no source fixes it)",
    mixed: 'partly the source, partly suite policy',
  } as const;
  const hasWith = c.checks.some((u) => Object.keys(u.with ?? {}).length > 0);
  out.push(
    c.thresholds
      ? `Thresholds from  ${BASIS[c.thresholds.basis]}: ${c.thresholds.note}`
      : `Thresholds from  ${hasWith ? 'no numeric threshold or fixed specific: the inputs above only say what to read' : 'no threshold: the checks decide on the requirement as written'}`,
  );
  if (c.remediation) {
    out.push('');
    out.push('Remediation');
    out.push(`  zh  ${c.remediation.zh}`);
    out.push(`  en  ${c.remediation.en}`);
  }
  out.push('');
  out.push(`Defined at ${catalog.locations.get(c.id)}`);
  return out.join('\n') + '\n';
}

const command: CommandModule<object, Args> = {
  command: 'explain <id>',
  describe: 'Explain one clause: requirement (zh/en), sources, thresholds, how it is verified and by which checks',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'clause id, e.g. SAF-REF-01' })
      .option('json', { type: 'boolean', default: false, describe: 'print the clause and its checks as JSON' })
      .option('catalog', { type: 'string', describe: 'edition folder (default: the built-in gov-llm-2.0)' })
      .example('govllm explain SAF-REF-01', 'the should-refuse refusal-rate red line'),
  handler: async (args) => {
    const catalog = loadCatalog(args.catalog ? path.resolve(args.catalog) : DEFAULT_EDITION_DIR);
    const id = args.id.trim().toUpperCase();
    const clause = catalog.clauses.find((c) => c.id === id);
    if (!clause) {
      const near = suggestions(catalog, id);
      throw new ExitError(
        EXIT.INPUT,
        `no clause "${args.id}" in ${catalog.edition.id}${near.length ? `; did you mean: ${near.join(', ')}` : ''}\nRun \`govllm list clauses\` to see them all.`,
      );
    }
    // A suite module that fails to load must not hide the clause: explain it and say what is unknown.
    let reg: CheckInfoRegistry | undefined;
    let regError: string | undefined;
    try {
      reg = await loadCheckInfo();
    } catch (e) {
      regError = `the check registry could not be loaded: ${(e as Error).message.split('\n')[0]}`;
    }
    if (args.json) {
      const checks = clause.checks.map((u) => {
        const def = reg?.checks.get(u.use);
        return {
          ...u,
          implemented: u.use === 'attestation' ? true : reg ? !!def : null,
          ...(def ? { title: def.title, needs: def.needs, file: reg!.files.get(u.use) } : {}),
        };
      });
      process.stdout.write(JSON.stringify({ ...clause, checks, gates_levels: gates(clause), location: catalog.locations.get(clause.id) }, null, 2) + '\n');
      return;
    }
    process.stdout.write(explainText(catalog, clause, reg, regError));
  },
};

export default command;
