// Text that came from a target or a vendor's file, made inert before it reaches a terminal, a CSV cell or an
// error message: escape sequences, other control characters and bidi/zero-width characters would drive or spoof
// a terminal or a spreadsheet, so they are shown as \u{XX}. Line breaks and tabs stay (terminals only).

const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const UNSAFE_ALL = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

const show = (c: string) => `\\u{${c.charCodeAt(0).toString(16)}}`;

/** For the terminal: every control, bidi and zero-width character as \u{XX}; line breaks and tabs stay. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, show);
}

/** On one line: like terminalSafe, and line breaks and tabs escaped too. */
export function oneLineSafe(s: string): string {
  return s.replace(UNSAFE_ALL, show);
}

/**
 * A short, escaped quotation of untrusted text for an error message: at most `max` characters (default 60), on one
 * line, in double quotes, with control/bidi/zero-width characters shown as \u{XX}. Messages quote a vendor file
 * only through this, so an error never dumps a file.
 */
export function excerpt(s: string, max = 60): string {
  const chars = [...s];
  const cut = chars.length > max ? chars.slice(0, max).join('') + '…' : s;
  return JSON.stringify(oneLineSafe(cut)).replace(/\\\\u\{/g, '\\u{');
}
