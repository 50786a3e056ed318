// The labelled personal-data corpus (pii-corpus.csv): strings in the forms personal data really takes in
// government work — 办件记录, 12345 work orders, court judgments, application logs, JSON records, SMS — each
// with the personal data it holds (kind:value, digits only), and lookalikes that must not be flagged: masked
// values, checksum and Luhn failures, order and work-order numbers, unified social credit codes, timestamps,
// landlines, and numbers inside longer digit runs. Seeded and deterministic (regenerate byte-identically):
//
//   npx tsx suites/lib/pii-corpus.ts
//
// Values are built here with their own checksum arithmetic, not with the detector under test.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../runners/core/execute-check.ts';
import { csvLine } from '../apps/lib/artifacts.ts';

export const PII_CORPUS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-corpus.csv');

export interface PiiRow {
  id: string;
  form: string;
  lookalike: boolean;
  /** "kind:value" joined by ";", in order of appearance; empty when the string holds none. */
  expected: string;
  text: string;
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f17: string) => '10X98765432'[[...f17].reduce((s, d, i) => s + Number(d) * W[i], 0) % 11];
const luhnDigit = (body: string) => {
  for (let d = 0; d <= 9; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let v = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return String(d);
  }
  return '0';
};

const AREAS = ['110105', '310104', '440305', '320102', '510107', '420111', '330106', '370202', '610113', '230103', '500103', '130102'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];

export function generatePiiCorpus(seed = 11643): PiiRow[] {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');

  const id18 = () => {
    const f17 = `${pick(AREAS)}${int(1950, 2010)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${pad(int(0, 999), 3)}`;
    return f17 + checkChar(f17);
  };
  const badId18 = () => {
    const id = id18();
    const wrong = '10X98765432'.replace(id[17], '');
    return id.slice(0, 17) + pick([...wrong]);
  };
  const id15 = () => `${pick(AREAS)}${pad(int(50, 89), 2)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${pad(int(0, 999), 3)}`;
  const phone = () => `1${pick(['3', '5', '7', '8', '9'])}${int(0, 9)}${digits(8)}`;
  const card = (len = pick([16, 19])) => {
    const body = `${pick(['622202', '621700', '622848', '436742', '518710', '625807'])}${digits(len - 7)}`;
    return body + luhnDigit(body);
  };
  const badCard = () => {
    const c = card();
    return c.slice(0, -1) + String((Number(c.at(-1)) + int(1, 9)) % 10);
  };
  const name = () => `${pick(SURNAMES)}${pick(['某', '某某', '先生', '女士'])}`;
  const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const group = (s: string, sizes: number[], sep: string) => {
    const out: string[] = [];
    let i = 0;
    for (const n of sizes) {
      out.push(s.slice(i, i + n));
      i += n;
    }
    if (i < s.length) out.push(s.slice(i));
    return out.join(sep);
  };
  const mask = (s: string, keepHead: number, keepTail: number) =>
    s.slice(0, keepHead) + '*'.repeat(s.length - keepHead - keepTail) + s.slice(s.length - keepTail);
  const date = () => `2024-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
  const ts = () => `2024${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${pad(int(0, 23), 2)}${pad(int(0, 59), 2)}${pad(int(0, 59), 2)}`;
  const landline = () => pick([`010-${digits(8)}`, `0755-${digits(8)}`, `(021)${digits(8)}`, `0571-${digits(8)}`, `023-${digits(8)}`]);
  const creditCode = () => `91${pick(['11', '31', '44'])}0${digits(3)}MA${digits(2)}${pick(['A', 'B', 'C', 'D'])}${digits(3)}${pick(['X', 'K', '7', '3'])}`;
  const orderNo = () => `${pick(['4200', '5100', '6220', '9000'])}${digits(pick([12, 14, 15]))}`;
  const workOrder = () => `${ts().slice(0, 8)}${digits(8)}`;

  type Gen = () => { text: string; pii: [string, string][] };
  const real: Record<string, Gen[]> = {
    办件记录: [
      () => {
        const i = id18();
        const p = phone();
        return {
          text: `办件编号：BJ${ts()}；申请事项：居住证签注；申请人：${name()}；身份证号：${i}；联系电话：${p}；受理时间：${date()}`,
          pii: [
            ['resident_id', i],
            ['phone', p],
          ],
        };
      },
      () => {
        const i = id15();
        return { text: `申请人${name()}，老身份证号${i}（一代证），申请换领第二代居民身份证，受理窗口3号。`, pii: [['resident_id', i]] };
      },
      () => {
        const i = id18();
        return { text: `经办人核验：证件号码 ${group(i, [6, 8], ' ')}，与人像比对一致。`, pii: [['resident_id', i]] };
      },
      () => {
        const c = card();
        const i = id18();
        return {
          text: `补贴发放账户：${group(c, [4, 4, 4, 4], ' ')}，持卡人身份证：${i}，发放金额1200元。`,
          pii: [
            ['bank_card', c],
            ['resident_id', i],
          ],
        };
      },
    ],
    '12345工单': [
      () => {
        const p = phone();
        return {
          text: `【12345工单】工单号：${workOrder()} 来电人：${name()} 来电号码：${p} 诉求：小区噪音扰民，请求处理。承办单位：区城管局`,
          pii: [['phone', p]],
        };
      },
      () => {
        const p = phone();
        return { text: `工单${workOrder()}回访：已联系市民（${group(p, [3, 4], '-')}），市民对处理结果满意。`, pii: [['phone', p]] };
      },
      () => {
        const p = phone();
        const i = id18();
        return {
          text: `来电人自报身份证号${fullWidth(i)}，回拨电话${fullWidth(p)}，反映社保补缴问题。`,
          pii: [
            ['resident_id', i],
            ['phone', p],
          ],
        };
      },
    ],
    判决书: [
      () => {
        const i = id18();
        return {
          text: `原告${name()}，男，${int(1950, 2000)}年${int(1, 12)}月${int(1, 28)}日出生，汉族，公民身份号码${i}，住某市某区。`,
          pii: [['resident_id', i]],
        };
      },
      () => {
        const i = id15();
        return { text: `被告人${name()}，身份证号码${i}，因涉嫌诈骗罪于${date()}被刑事拘留。`, pii: [['resident_id', i]] };
      },
      () => {
        const c = card(19);
        return { text: `被告人将赃款转入其名下尾号为${c.slice(-4)}的银行卡（卡号${c}）。`, pii: [['bank_card', c]] };
      },
    ],
    日志: [
      () => {
        const p = phone();
        return {
          text: `${date()}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:12.345Z INFO sms.send to=+86${p} template=SMS_${digits(6)} status=OK`,
          pii: [['phone', p]],
        };
      },
      () => {
        const i = id18();
        return { text: `[WARN] ${date()} 10:21:03 auth.realname failed id_no=${i} reason=photo_mismatch request_id=${digits(16)}`, pii: [['resident_id', i]] };
      },
      () => {
        const c = card(16);
        return { text: `pay.callback txn=${orderNo()} card=${c} amount=88.00 ts=${ts()}`, pii: [['bank_card', c]] };
      },
    ],
    JSON: [
      () => {
        const i = id18();
        const p = phone();
        return {
          text: JSON.stringify({ name: name(), id_no: i, mobile: p, apply_time: ts() }),
          pii: [
            ['resident_id', i],
            ['phone', p],
          ],
        };
      },
      () => {
        const c = card();
        return { text: JSON.stringify({ account: { bank: '中国银行', card_no: group(c, [4, 4, 4, 4], '-') }, order_id: orderNo() }), pii: [['bank_card', c]] };
      },
      () => {
        const i = id18();
        return { text: JSON.stringify({ applicant: { idCard: group(i, [6, 4, 4, 4], '-') }, status: 'accepted' }), pii: [['resident_id', i]] };
      },
    ],
    短信: [
      () => {
        const p = phone();
        return { text: `【政务服务】您好，您的不动产登记已办结，请携带身份证领证。如有疑问请联系经办人${group(p, [3, 4], ' ')}。`, pii: [['phone', p]] };
      },
      () => {
        const p = phone();
        return { text: `转发：我是社区网格员${name()}，电话${p}，明天上门核实居住信息。`, pii: [['phone', p]] };
      },
      () => {
        const c = card();
        return { text: `请把补助打到这张卡：${fullWidth(c)}，户名${name()}。`, pii: [['bank_card', c]] };
      },
    ],
  };

  const look: Record<string, (() => string)[]> = {
    办件记录: [
      () => `申请人身份证号：${mask(id18(), 6, 4)}；联系电话：${mask(phone(), 3, 4)}；办件状态：已办结`,
      () => `统一社会信用代码：${creditCode()}；企业名称：某某科技有限公司；登记日期：${date()}`,
      () => `办件编号：${ts()}${digits(4)}；受理号：${digits(12)}`,
      () => `身份证号（核验不通过）：${badId18()}`,
    ],
    '12345工单': [
      () => `【12345工单】工单号：${workOrder()}，来电号码：${mask(phone(), 3, 4)}，诉求：路灯不亮`,
      () => `承办单位联系电话：${landline()}，工单编号${workOrder()}，办理时限${int(3, 15)}个工作日`,
      () => `关联工单：${workOrder()}、${workOrder()}；回访时间：${date()} ${pad(int(8, 20), 2)}:00`,
    ],
    判决书: [
      () => `原告${name()}，公民身份号码${mask(id18(), 6, 4)}。案号：（2024）京0105民初${int(1000, 99999)}号`,
      () => `被告人银行卡号${mask(card(), 6, 4)}内资金予以冻结。`,
      () => `涉案金额人民币${int(10000, 9999999)}元，判决日期${date()}。`,
    ],
    日志: [
      () => `${date()}T10:21:03.${digits(3)}Z DEBUG trace=${digits(32)} latency_ms=${int(5, 900)}`,
      () => `epoch_ms=${int(1700000000, 1799999999)}${digits(3)} user_id=${digits(10)} action=login`,
      () => `pay.callback card=${badCard()} result=invalid_card`,
      () => `seq=${digits(6)}${phone()}${digits(3)} batch=${digits(8)}`,
      () => `imei=86${digits(13)} model=gov-terminal`,
    ],
    JSON: [
      () => JSON.stringify({ order_id: orderNo(), created_at: ts(), amount: int(1, 9999) }),
      () => JSON.stringify({ id_no_masked: mask(id18(), 3, 2), phone_masked: mask(phone(), 3, 4) }),
      () => JSON.stringify({ credit_code: creditCode(), tel: landline() }),
      () => JSON.stringify({ invoice_no: digits(20), check_code: digits(20) }),
    ],
    短信: [
      () => `【某银行】您尾号${digits(4)}的储蓄卡${date()}支出${int(10, 5000)}.00元，余额${int(100, 90000)}.${digits(2)}元。`,
      () => `【政务服务】您的验证码为${digits(6)}，5分钟内有效，请勿泄露。`,
      () => `您的快递单号${orderNo()}已由驿站代收，取件码${int(1, 30)}-${int(1, 9)}-${digits(4)}。`,
      () => `请拨打${landline()}或12345咨询。`,
    ],
  };

  const rows: PiiRow[] = [];
  const seen = new Set<string>();
  const forms = Object.keys(real);
  let n = 0;
  for (let round = 0; rows.length < 360 && round < 2000; round++) {
    const form = forms[round % forms.length];
    const isLook = Math.floor(round / forms.length) % 2 === 1;
    let text: string;
    let pii: [string, string][] = [];
    if (isLook) text = pick(look[form])();
    else ({ text, pii } = pick(real[form])());
    if (seen.has(text)) continue;
    seen.add(text);
    n++;
    rows.push({ id: `P${pad(n, 3)}`, form, lookalike: isLook, expected: pii.map(([k, v]) => `${k}:${v}`).join(';'), text });
  }
  return rows;
}

export function writePiiCorpus(rows: PiiRow[], file = PII_CORPUS_FILE): void {
  const lines = [
    csvLine(['id', 'form', 'lookalike', 'expected', 'text']),
    ...rows.map((r) => csvLine([r.id, r.form, r.lookalike ? 'yes' : 'no', r.expected, r.text])),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = generatePiiCorpus();
  writePiiCorpus(rows);
  console.log(`wrote ${rows.length} rows to ${path.relative(process.cwd(), PII_CORPUS_FILE)}`);
}
