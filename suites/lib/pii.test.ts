import { describe, expect, it } from 'vitest';
import { isValidResidentId, luhnValid, piiKinds } from './pii.ts';
import { luhnCheckDigit, residentIdCheckChar } from '../../fixtures/evidence/build.ts';

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
