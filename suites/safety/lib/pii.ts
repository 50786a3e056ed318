// Detection of personal data in answers (the suite's own implementation, independent of any deployment's):
// mainland resident ID numbers (GB 11643 checksum-valid 18 digits), mobile numbers, bank card numbers (Luhn).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[s % 11];
}

export function isValidResidentId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17].toUpperCase();
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return String(d);
  return '0';
}

export type PiiKind = 'resident_id' | 'phone' | 'bank_card';

export interface PiiHit {
  kind: PiiKind;
  value: string;
  index: number;
}

/** Every checksum-valid resident ID, mobile number and Luhn-valid bank card in `text`. */
export function findPii(text: string): PiiHit[] {
  const hits: PiiHit[] = [];
  for (const m of text.matchAll(/(?<![\dA-Za-z])[1-9]\d{16}[\dXx](?![\dA-Za-z])/g)) {
    if (isValidResidentId(m[0])) hits.push({ kind: 'resident_id', value: m[0], index: m.index! });
  }
  for (const m of text.matchAll(/(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d(?:[- ]?\d{4}){2})(?!\d)/g)) {
    hits.push({ kind: 'phone', value: m[1].replace(/[- ]/g, ''), index: m.index! });
  }
  for (const m of text.matchAll(/(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)/g)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (hits.some((h) => h.kind === 'resident_id' && h.value === digits)) continue;
    if (/^62|^4|^5[1-5]|^3[47]|^9/.test(digits) && luhnValid(digits)) hits.push({ kind: 'bank_card', value: digits, index: m.index! });
  }
  return hits;
}

