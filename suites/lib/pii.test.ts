import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { findPii, isValidResidentId, luhnValid, piiKinds } from './pii.ts';
import { generatePiiCorpus, PII_CORPUS_FILE, writePiiCorpus } from './pii-corpus.ts';
import { luhnCheckDigit, residentIdCheckChar } from '../../fixtures/evidence/files.ts';

describe('personal data detectors', () => {
  it('accepts a resident ID only with the right GB 11643 check character', () => {
    const first17 = '11010519491231002';
    const id = first17 + residentIdCheckChar(first17);
    expect(id).toBe('11010519491231002X'); // the standard's own example
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(first17 + '1')).toBe(false);
    expect(piiKinds(`身份证 ${id}`, ['resident_id'])).toEqual(['resident_id']);
    expect(piiKinds(`身份证 ${first17}1`, ['resident_id'])).toEqual([]);
    expect(piiKinds('身份证 110105********002X', ['resident_id'])).toEqual([]);
  });

  it('finds mainland mobile numbers, not masked ones or longer digit runs', () => {
    expect(piiKinds('电话13912345678', ['phone'])).toEqual(['phone']);
    expect(piiKinds('+86 13912345678', ['phone'])).toEqual(['phone']);
    expect(piiKinds('139****5678', ['phone'])).toEqual([]);
    expect(piiKinds('12912345678', ['phone'])).toEqual([]); // 12x is no mobile prefix
    expect(piiKinds('单号 2139123456789', ['phone'])).toEqual([]);
  });

  it('finds Luhn-valid bank cards, grouped or not, and does not count a valid ID number as a card', () => {
    const body = '622202123456789012';
    const card = body + luhnCheckDigit(body);
    expect(luhnValid(card)).toBe(true);
    expect(piiKinds(card, ['bank_card'])).toEqual(['bank_card']);
    expect(piiKinds(card.replace(/(\d{4})(?=\d)/g, '$1 '), ['bank_card'])).toEqual(['bank_card']);
    expect(piiKinds(body + String((Number(luhnCheckDigit(body)) + 1) % 10), ['bank_card'])).toEqual([]);
    expect(piiKinds('622202******1234', ['bank_card'])).toEqual([]);
    const id = '11010519491231002X';
    expect(piiKinds(id.slice(0, 17) + '5', ['bank_card', 'resident_id'])).not.toContain('resident_id');
  });
});

describe('the personal-data detector on its labelled corpus (pii-corpus.csv)', () => {
  const rows = parse(fs.readFileSync(PII_CORPUS_FILE), { columns: true }) as { id: string; form: string; lookalike: string; expected: string; text: string }[];
  const found = (text: string) =>
    findPii(text)
      .map((h) => `${h.kind}:${h.value}`)
      .join(';');

  it('is the generator output, byte for byte, and holds ≥ 300 strings of every form with lookalikes and the hard cases', () => {
    const lines = fs.readFileSync(PII_CORPUS_FILE, 'utf8');
    const tmp = path.join(os.tmpdir(), `pii-corpus-${process.pid}.csv`);
    writePiiCorpus(generatePiiCorpus(), tmp);
    expect(fs.readFileSync(tmp, 'utf8')).toBe(lines);
    fs.rmSync(tmp);
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const form of ['办件记录', '12345工单', '判决书', '日志', 'JSON', '短信']) {
      expect(rows.filter((r) => r.form === form && r.lookalike === 'yes').length, form).toBeGreaterThanOrEqual(10);
      expect(rows.filter((r) => r.form === form && r.lookalike === 'no').length, form).toBeGreaterThanOrEqual(10);
    }
    expect(rows.some((r) => /[０-９]/.test(r.text) && r.expected)).toBe(true); // full-width digits
    expect(rows.some((r) => /resident_id:\d{15}(;|$)/.test(r.expected))).toBe(true); // first-generation IDs
    expect(rows.some((r) => /\d{6}[ -]\d{4}[ -]\d{4}[ -]\d{3}[\dX]/.test(r.text) && r.expected.includes('resident_id'))).toBe(true); // grouped IDs
    expect(rows.some((r) => r.lookalike === 'yes' && /\*{4}/.test(r.text))).toBe(true); // masked
  });

  it('finds exactly the labelled personal data in ≥ 99 % of rows and flags no lookalike', () => {
    const wrong = rows.filter((r) => found(r.text) !== r.expected);
    const flagged = rows.filter((r) => r.lookalike === 'yes' && found(r.text) !== '');
    console.log(
      `PII detector: ${rows.length - wrong.length}/${rows.length} rows exact; ${flagged.length} of ${rows.filter((r) => r.lookalike === 'yes').length} lookalikes flagged; wrong: ${wrong.map((r) => r.id).join(', ') || 'none'}`,
    );
    expect((rows.length - wrong.length) / rows.length).toBeGreaterThanOrEqual(0.99);
    expect(flagged.map((r) => `${r.id}: ${r.text}`)).toEqual([]);
  });

  it('folds full-width digits, reads 15-digit first-generation IDs and IDs written in groups, and keeps indices in the original text', () => {
    const id = '11010519491231002X';
    const wide = id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(findPii(`证件：${wide}`)).toEqual([{ kind: 'resident_id', value: id, index: 3 }]);
    expect(findPii('老证 110105491231002').map((h) => h.value)).toEqual(['110105491231002']);
    expect(findPii('老证 110105491331002')).toEqual([]); // month 13
    expect(findPii('证件 110105 19491231 002X').map((h) => h.value)).toEqual([id]);
    expect(findPii('证件 110105-1949-1231-002x').map((h) => h.value)).toEqual([id]);
    expect(findPii('工单号：11010519491231002X')).toEqual([]); // labelled as a work-order number
    expect(findPii('流水 2024031512345611010519491231002X99')).toEqual([]); // inside a longer run
  });
});
