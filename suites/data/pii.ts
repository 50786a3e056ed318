// Detectors for personal data that must not appear unmasked: 18-digit resident identity numbers whose
// GB 11643-1999 check character is right (a masked or random number almost never passes), mainland mobile
// numbers (1[3-9] + 9 digits), and bank card numbers (16–19 digits, optionally grouped by spaces or
// dashes) that pass the Luhn check.

export type PiiKind = 'resident_id' | 'phone' | 'bank_card';
export const PII_KINDS: PiiKind[] = ['resident_id', 'phone', 'bank_card'];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function residentIdValid(s: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  if ('10X98765432'[sum % 11] !== s[17].toUpperCase()) return false;
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const ID_RE = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const PHONE_RE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d{9})(?!\d)/g;
const CARD_RE = /(?<![\d])(?:\d[ -]?){15,18}\d(?![\d])/g;

/** The kinds of unmasked personal data found in `text` (each kind at most once). */
export function findPii(text: string, kinds: PiiKind[]): PiiKind[] {
  if (!/\d{11}/.test(text.replace(/[ -]/g, ''))) return []; // fast path: no long digit run at all
  const found: PiiKind[] = [];
  const ids = new Set<string>();
  if (kinds.includes('resident_id') || kinds.includes('bank_card')) {
    for (const m of text.matchAll(ID_RE)) if (residentIdValid(m[0])) ids.add(m[0]);
    if (ids.size && kinds.includes('resident_id')) found.push('resident_id');
  }
  if (kinds.includes('phone')) {
    for (const m of text.matchAll(PHONE_RE)) {
      found.push('phone');
      break;
    }
  }
  if (kinds.includes('bank_card')) {
    for (const m of text.matchAll(CARD_RE)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (ids.has(digits)) continue; // a valid ID number is reported as such, not as a card
      if (digits.length >= 16 && digits.length <= 19 && luhnValid(digits)) {
        found.push('bank_card');
        break;
      }
    }
  }
  return found;
}
