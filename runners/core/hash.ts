// SHA-256, the one way: of bytes in memory, and of a file read in 1 MiB blocks (a multi-gigabyte evidence file
// or transcript is hashed without being held in memory). Every hash the suite writes — results, manifests,
// evidence references, artifacts — comes from here.

import crypto from 'node:crypto';
import fs from 'node:fs';

export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function sha256OfFile(file: string): { sha256: string; bytes: number } {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; bytes += n) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: h.digest('hex'), bytes };
}
