// Arguments made from a tool's inputSchema validate against that schema (ajv), for the keywords vendors use:
// pattern, enum, format, numeric and length bounds, required, nested objects and arrays, $ref, allOf/anyOf.

import { describe, expect, it } from 'vitest';
import { compileToolSchema } from './lib/schemas.ts';
import { synthesizeArguments } from './lib/synthesize-args.ts';
import { mulberry32 } from '../../runners/core/execute-check.ts';

const obj = (properties: Record<string, unknown>, required = Object.keys(properties), extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});

const CASES: [string, Record<string, unknown>][] = [
  ['a pattern (item code AB-1234)', obj({ item_code: { type: 'string', pattern: '^[A-Z]{2}-\\d{4}$' } })],
  ['a pattern with a CJK range and length bounds', obj({ name: { type: 'string', pattern: '^[\\u4e00-\\u9fa5]{2,6}$', minLength: 2, maxLength: 6 } })],
  ['an unanchored pattern', obj({ case_no: { type: 'string', pattern: 'BJ\\d{8}' } })],
  ['an enum', obj({ status: { type: 'string', enum: ['已受理', '审核中', '已办结'] } })],
  [
    'formats',
    obj({
      d: { type: 'string', format: 'date' },
      t: { type: 'string', format: 'date-time' },
      e: { type: 'string', format: 'email' },
      u: { type: 'string', format: 'uuid' },
      w: { type: 'string', format: 'uri' },
    }),
  ],
  [
    'integer bounds and multipleOf',
    obj({
      page: { type: 'integer', minimum: 1, maximum: 100 },
      size: { type: 'integer', multipleOf: 10, minimum: 15 },
      ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    }),
  ],
  ['length bounds on a plain string', obj({ keyword: { type: 'string', minLength: 6, maxLength: 8 } })],
  ['only the required properties of several', obj({ a: { type: 'string' }, b: { type: 'string', pattern: '^x+$' } }, ['a'])],
  [
    'nested objects and arrays with minItems',
    obj({
      filter: obj({ region: { type: 'string', pattern: '^\\d{6}$' } }),
      ids: { type: 'array', items: { type: 'string', pattern: '^ID\\d{3}$' }, minItems: 2, uniqueItems: false },
    }),
  ],
  [
    '$ref to $defs',
    {
      type: 'object',
      $defs: { code: { type: 'string', pattern: '^GA-\\d{4}$' } },
      properties: { item_code: { $ref: '#/$defs/code' } },
      required: ['item_code'],
      additionalProperties: false,
    },
  ],
  [
    'allOf',
    {
      allOf: [obj({ a: { type: 'integer', minimum: 3 } }, ['a'], { additionalProperties: true }), { required: ['b'], properties: { b: { type: 'boolean' } } }],
    },
  ],
  ['anyOf with null', obj({ when: { anyOf: [{ type: 'null' }, { type: 'string', format: 'date' }] } })],
  ['type as a list with null', obj({ n: { type: ['integer', 'null'], minimum: 5 } })],
  ['no properties at all', { type: 'object' }],
  [
    'draft-07 with a boolean exclusiveMinimum-free bound',
    { $schema: 'http://json-schema.org/draft-07/schema#', ...obj({ k: { type: 'number', exclusiveMinimum: 10 } }) },
  ],
];

describe('synthesizeArguments', () => {
  for (const [name, schema] of CASES) {
    it(`${name}: the arguments validate against the schema`, () => {
      const r = synthesizeArguments(schema, mulberry32(7));
      expect(r.problem, JSON.stringify(r.args)).toBeUndefined();
      const { validate } = compileToolSchema({ type: 'object', ...schema });
      expect(validate!(r.args), `${JSON.stringify(r.args)}: ${JSON.stringify(validate!.errors)}`).toBe(true);
      expect(r.source).toBe('schema');
    });
  }

  it('makes a pattern-matching value where a plain placeholder would be rejected', () => {
    const r = synthesizeArguments(obj({ item_code: { type: 'string', pattern: '^[A-Z]{2}-\\d{4}$' } }), mulberry32(1));
    expect(r.args.item_code).toMatch(/^[A-Z]{2}-\d{4}$/);
  });

  it("uses the schema's own example when it validates, and not when it does not", () => {
    const schema = obj({ item_code: { type: 'string', pattern: '^[A-Z]{2}-\\d{4}$' } });
    expect(synthesizeArguments({ ...schema, examples: [{ item_code: 'GA-0101' }] })).toEqual({ args: { item_code: 'GA-0101' }, source: 'example' });
    const r = synthesizeArguments({ ...schema, examples: [{ item_code: 'not-a-code' }] }, mulberry32(3));
    expect(r.source).toBe('schema');
    expect(r.args.item_code).toMatch(/^[A-Z]{2}-\d{4}$/);
  });

  it('is reproducible for a seed', () => {
    const schema = obj({ id: { type: 'string', pattern: '^[a-z0-9]{10}$' } });
    expect(synthesizeArguments(schema, mulberry32(9)).args).toEqual(synthesizeArguments(schema, mulberry32(9)).args);
  });

  it('says so when no valid value can be made, rather than passing off an invalid one', () => {
    const r = synthesizeArguments(obj({ x: { type: 'string', minLength: 5, maxLength: 2 } }));
    expect(r.problem).toMatch(/no arguments that validate/);
    expect(synthesizeArguments({ type: 'object', properties: { x: { type: 'nope' } } }).problem).toMatch(/does not compile/);
  });
});
