import { describe, expect, it } from 'vitest';
import { findPii, luhnValid, residentIdValid } from './pii.ts';
import { luhnCheckDigit, residentIdCheckChar } from '../../fixtures/evidence/build.ts';

describe('personal data detectors', () => {
  it('accepts a resident ID only with the right GB 11643 check character', () => {
    const first17 = '11010519491231002';
    const id = first17 + residentIdCheckChar(first17);
    expect(id).toBe('11010519491231002X'); // the standard's own example
    expect(residentIdValid(id)).toBe(true);
    expect(residentIdValid(first17 + '1')).toBe(false);
    expect(findPii(`身份证 ${id}`, ['resident_id'])).toEqual(['resident_id']);
    expect(findPii(`身份证 ${first17}1`, ['resident_id'])).toEqual([]);
    expect(findPii('身份证 110105********002X', ['resident_id'])).toEqual([]);
  });

  it('finds mainland mobile numbers, not masked ones or longer digit runs', () => {
    expect(findPii('电话13912345678', ['phone'])).toEqual(['phone']);
    expect(findPii('+86 13912345678', ['phone'])).toEqual(['phone']);
    expect(findPii('139****5678', ['phone'])).toEqual([]);
    expect(findPii('12912345678', ['phone'])).toEqual([]); // 12x is no mobile prefix
    expect(findPii('单号 2139123456789', ['phone'])).toEqual([]);
  });

  it('finds Luhn-valid bank cards, grouped or not, and does not count a valid ID number as a card', () => {
    const body = '622202123456789012';
    const card = body + luhnCheckDigit(body);
    expect(luhnValid(card)).toBe(true);
    expect(findPii(card, ['bank_card'])).toEqual(['bank_card']);
    expect(findPii(card.replace(/(\d{4})(?=\d)/g, '$1 '), ['bank_card'])).toEqual(['bank_card']);
    expect(findPii(body + String((Number(luhnCheckDigit(body)) + 1) % 10), ['bank_card'])).toEqual([]);
    expect(findPii('622202******1234', ['bank_card'])).toEqual([]);
    const id = '11010519491231002X';
    expect(findPii(id.slice(0, 17) + '5', ['bank_card', 'resident_id'])).not.toContain('resident_id');
  });
});
