import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { EvidenceReadError } from './errors.ts';
import { readJson } from './json.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-csv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}
async function readAll(file: string, schema?: string) {
  const rows: Record<string, unknown>[] = [];
  const s = await readCsv(file, { schema, onRow: (r) => rows.push({ ...r }) });
  return { ...s, list: rows };
}
async function failure(p: Promise<unknown>): Promise<EvidenceReadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EvidenceReadError) return e;
    throw e;
  }
  throw new Error('expected an EvidenceReadError');
}

const HW = 'evidence/hardware-inventory.schema.json';

describe('readCsv', () => {
  it('converts typed columns and hands every row with its number', async () => {
    const f = write('hw.csv', '\ufeffnode,card_model,cards,memory_gb,model\nn1,910B,8,64,gov-chat\nn2,910B,4,64,\n');
    const r = await readAll(f, HW);
    expect(r.rows).toBe(2);
    expect(r.list[0]).toEqual({ node: 'n1', card_model: '910B', cards: 8, memory_gb: 64, model: 'gov-chat' });
    expect(r.list[1].model).toBe('');
  });

  it('names file, row, line and column of a cell that breaks the schema', async () => {
    const f = write('hw-bad.csv', 'node,card_model,cards,memory_gb,model\nn1,910B,8,64,a\nn2,910B,eight,64,b\n');
    const e = await failure(readAll(f, HW));
    expect(e.message).toContain('hw-bad.csv');
    expect(e.position).toMatchObject({ row: 2, line: 3, column: 'cards' });
    expect(e.message).toMatch(/row 2.*column "cards"/);
  });

  it('reports an empty required number as that column', async () => {
    const f = write('hw-empty.csv', 'node,card_model,cards,memory_gb,model\nn1,910B,8,,a\n');
    const e = await failure(readAll(f, HW));
    expect(e.position).toMatchObject({ row: 1, column: 'memory_gb' });
  });

  it('names a header column that is missing', async () => {
    const f = write('hw-header.csv', 'node,card_model,cards,model\nn1,910B,8,a\n');
    const e = await failure(readAll(f, HW));
    expect(e.position).toMatchObject({ row: 0, column: 'memory_gb' });
    expect(e.message).toContain('header');
  });

  it('turns malformed CSV into an error naming row, line and column', async () => {
    const f = write('broken.csv', 'node,card_model,cards,memory_gb,model\nn1,910B,8,64,a\nn2,"910B,8,64,b\n');
    const e = await failure(readAll(f, HW));
    expect(e.message).toMatch(/broken\.csv.*malformed CSV/);
    expect(e.position.row).toBe(2);
    const g = write('ragged.csv', 'node,card_model,cards,memory_gb,model\nn1,910B,8,64,a,extra\n');
    const e2 = await failure(readAll(g, HW));
    expect(e2.message).toMatch(/ragged\.csv:2 row 1: malformed CSV/);
  });

  it('keeps quoted multi-line cells in one row and reports the right line after them', async () => {
    const f = write('ml.csv', 'node,card_model,cards,memory_gb,model\nn1,"910B\nrev2",8,64,a\nn2,910B,x,64,b\n');
    const e = await failure(readAll(f, HW));
    expect(e.position).toMatchObject({ row: 2, line: 4, column: 'cards' });
  });
});

describe('readJson', () => {
  it('validates against an evidence schema and names line and path', () => {
    const f = write('mc.json', JSON.stringify({ long_documents_in_scope: true, models: [{ name: 'm' }] }, null, 2));
    try {
      readJson(f, 'evidence/model-config.schema.json');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(EvidenceReadError);
      expect((e as Error).message).toMatch(/mc\.json:\d+: models\[0\]: must have property/);
    }
  });
  it('names the line of a syntax error', () => {
    const f = write('bad.json', '{\n  "a": 1,\n  "b": \n}');
    expect(() => readJson(f)).toThrow(/bad\.json(:\d+)?: not well-formed JSON/);
  });
});
