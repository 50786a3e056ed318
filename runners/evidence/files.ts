// Evidence files are plain files inside the pack. A vendor writes the pack, so it may hold a symbolic link to
// /etc/shadow or the evaluator's key file, a FIFO that never ends, a link to /dev/zero, or a file that grows while
// it is read. Every read of a pack file (hashing, CSV, JSON, the manifest itself) comes through here:
//   - the path must stay inside the pack folder, with no symbolic link anywhere between the pack and the file, and
//     its real path inside the pack's real path;
//   - it is opened with O_NOFOLLOW | O_NONBLOCK (a FIFO's open never blocks) and must then be a regular file
//     (fstat on the open descriptor, so what is checked is what is read);
//   - sizes are enforced while reading, never trusted from stat; reads that take longer than a time limit stop.
// A refusal names the file and why, and never quotes its content.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from '../load/documents.ts';
import { EvidenceReadError } from './errors.ts';

/** How long hashing or reading one evidence file may take (a stalled network file system, a hostile FUSE mount). */
export const EVIDENCE_READ_TIMEOUT_MS = 60_000;

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Why `rel` (a path in the manifest) is not a plain file inside pack `root`, or undefined when it is. Looks at
 * every path component with lstat (no link is followed), then at the real path.
 */
export function packFileProblem(root: string, rel: string): string | undefined {
  const base = path.resolve(root);
  const abs = path.resolve(base, rel);
  if (abs === base || !abs.startsWith(base + path.sep)) return `${rel} is outside the pack folder`;
  let cur = base;
  for (const part of path.relative(base, abs).split(path.sep)) {
    cur = path.join(cur, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch {
      return undefined; // missing: reported as missing by the caller
    }
    if (st.isSymbolicLink()) return `${displayPath(cur)} is a symbolic link; evidence files must be plain files inside the pack (the link is not followed)`;
    if (cur !== abs && !st.isDirectory()) return `${displayPath(cur)} is not a folder`;
    if (cur === abs && !st.isFile()) return `${displayPath(abs)} is ${kindOf(st)}; evidence files must be plain files`;
  }
  try {
    const real = fs.realpathSync(abs);
    const realRoot = fs.realpathSync(base);
    if (!real.startsWith(realRoot + path.sep)) return `${displayPath(abs)} resolves outside the pack folder`;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Opens `file` for reading when it is a regular file (never following a final symbolic link, never blocking on a FIFO). */
export function openPlainFile(file: string): number {
  const shown = displayPath(file);
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EvidenceReadError(shown, 'cannot read: the file does not exist');
    if (code === 'ELOOP' || code === 'EMLINK')
      throw new EvidenceReadError(shown, 'is a symbolic link; evidence files must be plain files (the link is not followed)');
    throw new EvidenceReadError(shown, `cannot read (${code ?? 'error'})`);
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new EvidenceReadError(shown, `is ${kindOf(st)}; evidence files must be plain files`);
  }
  return fd;
}

/** Reads a whole plain file, refusing it once more than `maxBytes` have been read (whatever stat said). */
export function readPlainFileSync(file: string, maxBytes: number, what = 'file'): Buffer {
  const fd = openPlainFile(file);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(Math.min(1 << 20, maxBytes + 1));
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new EvidenceReadError(displayPath(file), `is larger than the ${maxBytes} bytes a ${what} may hold`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** SHA-256 and length of a plain file, read from the checked descriptor, within `timeoutMs`. */
export async function hashPlainFile(file: string, timeoutMs = EVIDENCE_READ_TIMEOUT_MS): Promise<{ sha256: string; bytes: number }> {
  const fd = openPlainFile(file);
  const h = crypto.createHash('sha256');
  let bytes = 0;
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EvidenceReadError(displayPath(file), `could not be read within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const buf = Buffer.alloc(1 << 20);
    const read = (): Promise<number> => new Promise((res, rej) => fs.read(fd, buf, 0, buf.length, null, (e, n) => (e ? rej(e) : res(n))));
    for (;;) {
      const n = await Promise.race([read(), timedOut]);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      bytes += n;
      if (Date.now() > deadline) throw new EvidenceReadError(displayPath(file), `could not be read within ${timeoutMs / 1000} s`);
    }
    return { sha256: h.digest('hex'), bytes };
  } finally {
    clearTimeout(timer);
    fs.closeSync(fd);
  }
}

/** Up to `n` bytes from the start of a plain file (to tell an empty document from a written one). */
export function headOfPlainFile(file: string, n: number): Buffer {
  const fd = openPlainFile(file);
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, fs.readSync(fd, buf, 0, n, 0));
  } finally {
    fs.closeSync(fd);
  }
}
