// Writes the labelled refusal corpus (corpus.csv beside the classifier) from the template families, seeded and
// deterministic: the same code writes the same bytes. Each row is rendered in the voice of one vendor
// (greeting, closing, AI notice, list style). The split is by family AND by vendor: families 0–2 and 6 onwards of every
// category and vendors V01–V08 are train, family 3 and V09–V10 dev, families 4–5 and V11–V12 test, so neither a
// phrasing nor a vendor's boilerplate of the test split is ever seen in training or tuning.
//
//   npx tsx suites/safety/classifier/corpus/generate.ts

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../runners/core/execute-check.ts';
import { dataCsvLine as csvLine } from '../../../../runners/output/csv.ts';
import { ASPECTS, CATEGORIES, HARMS, LEGIT_KEYWORD, TOPICS, type Ctx, type ListStyle } from './families.ts';

export const CORPUS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'corpus.csv');
export type Split = 'train' | 'dev' | 'test';

interface Vendor {
  id: string;
  greet: string[];
  close: string[];
  notice: string;
  noticeRate: number;
  style: ListStyle;
}

const VENDORS: Vendor[] = [
  {
    id: 'V01',
    greet: ['您好！', ''],
    close: ['', '如还有其他问题，欢迎随时咨询。'],
    notice: '本回答由人工智能生成，仅供参考，具体以主管部门最新规定为准。',
    noticeRate: 0.7,
    style: 'num',
  },
  { id: 'V02', greet: ['', '亲，'], close: ['', '祝您办事顺利！'], notice: '（内容由AI生成，请注意甄别）', noticeRate: 0.5, style: 'dash' },
  {
    id: 'V03',
    greet: ['尊敬的用户：', ''],
    close: ['感谢您的咨询。', ''],
    notice: '温馨提示：本回复由智能助手自动生成，不构成办事依据，请以窗口答复为准。',
    noticeRate: 0.6,
    style: 'cn',
  },
  { id: 'V04', greet: [''], close: ['', '还有什么想了解的吗？'], notice: '', noticeRate: 0, style: 'inline' },
  {
    id: 'V05',
    greet: ['您好，我是政务小助手。', ''],
    close: ['', '小助手随时为您服务~'],
    notice: '*本内容由人工智能生成，仅供参考。*',
    noticeRate: 0.8,
    style: 'bold',
  },
  {
    id: 'V06',
    greet: ['', '收到您的问题。'],
    close: ['', '以上，供参考。'],
    notice: '【AI生成】本回答由人工智能自动生成，可能存在错误，具体以相关部门最新规定为准。',
    noticeRate: 0.5,
    style: 'num',
  },
  {
    id: 'V07',
    greet: ['您好，'],
    close: ['', '如需人工服务，请转接人工坐席。'],
    notice: '本回答由人工智能生成，具体以主管部门最新规定为准。',
    noticeRate: 1,
    style: 'dash',
  },
  { id: 'V08', greet: ['', 'Hi，'], close: ['', '希望对您有帮助！'], notice: '', noticeRate: 0, style: 'num' },
  {
    id: 'V09',
    greet: ['您好！很高兴为您服务。', ''],
    close: ['', '请问还有其他需要吗？'],
    notice: '——本答复由政务大模型合成，相关政策请以主管部门最新发布为准。',
    noticeRate: 0.6,
    style: 'cn',
  },
  { id: 'V10', greet: [''], close: ['', '感谢使用本服务。'], notice: '注：以上内容由人工智能生成，仅供参考。', noticeRate: 0.7, style: 'bold' },
  {
    id: 'V11',
    greet: ['您好，智能客服为您解答：', ''],
    close: ['', '欢迎对本次服务进行评价。'],
    notice: '本回答由AI智能助手生成，不代表官方意见，请以主管部门最新规定为准。',
    noticeRate: 0.7,
    style: 'num',
  },
  { id: 'V12', greet: ['', '你好～'], close: ['', '有问题随时找我哦。'], notice: '（本回复由人工智能生成，仅供参考）', noticeRate: 0.6, style: 'dash' },
];

const VENDOR_SPLIT: Record<Split, Vendor[]> = { train: VENDORS.slice(0, 8), dev: VENDORS.slice(8, 10), test: VENDORS.slice(10) };
export const familySplit = (i: number): Split => (i === 3 ? 'dev' : i === 4 || i === 5 ? 'test' : 'train');

export interface CorpusRow {
  id: string;
  split: Split;
  family: string;
  vendor: string;
  category: string;
  label: 'refusal' | 'answer';
  hard: boolean;
  prompt: string;
  answer: string;
}

const ROWS_PER_FAMILY = 21;

export function generateCorpus(seed = 20261204): CorpusRow[] {
  const rows: CorpusRow[] = [];
  for (const cat of CATEGORIES) {
    cat.families.forEach((fam, fi) => {
      const split = familySplit(fi);
      const family = `${cat.id}/f${fi}`;
      const rnd = mulberry32(seed ^ (rows.length * 2654435761));
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
      const seen = new Set<string>();
      let made = 0;
      for (let attempt = 0; attempt < 400 && made < ROWS_PER_FAMILY; attempt++) {
        const vendor = pick(VENDOR_SPLIT[split]);
        const x: Ctx = {
          pick,
          chance: (p) => rnd() < p,
          int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
          topic: pick(TOPICS),
          harm: pick(HARMS),
          aspect: pick(ASPECTS),
          // Legitimate questions that sound risky: harmful keywords, and the aspects TC260-003 says must be answered.
          legit: rnd() < 0.5 ? pick(LEGIT_KEYWORD) : pick(ASPECTS),
          style: vendor.style,
        };
        const m = fam(x);
        // Blocked and empty outputs come from the gateway, not the model: no vendor boilerplate around them.
        const bare = m.answer.trim().length < 12 && cat.id === 'R0-explicit';
        let answer = m.answer;
        if (!bare) {
          const g = pick(vendor.greet);
          const c = pick(vendor.close);
          answer = `${g}${answer}${c ? (answer.includes('\n') ? '\n\n' : '') + c : ''}`;
          if (vendor.notice && rnd() < vendor.noticeRate) answer += `\n\n${vendor.notice}`;
        }
        const key = `${m.prompt}\u0000${answer}`;
        if (seen.has(key)) continue;
        seen.add(key);
        made++;
        rows.push({
          id: `${cat.id.split('-')[0]}-f${fi}-${String(made).padStart(2, '0')}`,
          split,
          family,
          vendor: vendor.id,
          category: cat.id,
          label: cat.label,
          hard: m.hard,
          prompt: m.prompt,
          answer,
        });
      }
    });
  }
  return rows;
}

export function writeCorpus(rows: CorpusRow[], file = CORPUS_FILE): void {
  const head = ['id', 'split', 'family', 'vendor', 'category', 'label', 'hard', 'prompt', 'answer'];
  const lines = [
    csvLine(head),
    ...rows.map((r) => csvLine([r.id, r.split, r.family, r.vendor, r.category, r.label, r.hard ? 'yes' : 'no', r.prompt, r.answer])),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = generateCorpus();
  writeCorpus(rows);
  console.log(`wrote ${rows.length} rows to ${path.relative(process.cwd(), CORPUS_FILE)}`);
}
