// Ed25519 keys and signatures (node:crypto). The signature covers manifest.json's exact bytes.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE, sha256 } from './manifest.ts';

export interface SignatureFile {
  format: 'govllm-signature/1';
  algorithm: 'ed25519';
  signed_file: typeof MANIFEST_FILE;
  manifest_sha256: string;
  /** SPKI PEM of the signer's public key: lets anyone check integrity; pin it with --pubkey to check identity */
  public_key: string;
  key_id: string;
  signature: string; // base64
  signed_at: string;
}

export function keyId(publicKey: crypto.KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

export function generateKeys(outPrefix: string): { privateKeyFile: string; publicKeyFile: string; keyId: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const privateKeyFile = `${outPrefix}.key`;
  const publicKeyFile = `${outPrefix}.pub`;
  if (fs.existsSync(privateKeyFile)) throw new Error(`${privateKeyFile} exists; refusing to overwrite a key`);
  fs.mkdirSync(path.dirname(path.resolve(privateKeyFile)), { recursive: true });
  fs.writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKeyFile, publicKeyFile, keyId: keyId(publicKey) };
}

/**
 * What is signed: a canonical statement naming the manifest by its SHA-256, the key and the time — so every
 * field of manifest.sig except the signature itself is covered (the public key through its key id).
 */
export function signedStatement(sig: Omit<SignatureFile, 'signature' | 'public_key'>): Buffer {
  return Buffer.from(JSON.stringify([sig.format, sig.algorithm, sig.signed_file, sig.manifest_sha256, sig.key_id, sig.signed_at]), 'utf8');
}

export function signBundle(dir: string, privateKeyPem: string, now = new Date()): SignatureFile {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = crypto.createPublicKey(privateKey);
  const bytes = fs.readFileSync(path.join(dir, MANIFEST_FILE));
  const head = {
    format: 'govllm-signature/1' as const,
    algorithm: 'ed25519' as const,
    signed_file: MANIFEST_FILE as typeof MANIFEST_FILE,
    manifest_sha256: sha256(bytes),
    key_id: keyId(publicKey),
    signed_at: now.toISOString(),
  };
  const sig: SignatureFile = {
    ...head,
    public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: crypto.sign(null, signedStatement(head), privateKey).toString('base64'),
  };
  fs.writeFileSync(path.join(dir, SIGNATURE_FILE), JSON.stringify(sig, null, 2) + '\n');
  return sig;
}

export function verifySignature(manifestBytes: Buffer, sig: SignatureFile, pinnedPublicKeyPem?: string): { ok: boolean; detail: string } {
  if (sig.format !== 'govllm-signature/1' || sig.algorithm !== 'ed25519' || sig.signed_file !== MANIFEST_FILE) {
    return { ok: false, detail: 'manifest.sig: unknown format, algorithm or signed file' };
  }
  if (sig.manifest_sha256 !== sha256(manifestBytes)) return { ok: false, detail: 'manifest.sig names a different manifest.json (SHA-256 differs)' };
  let embedded: crypto.KeyObject;
  try {
    embedded = crypto.createPublicKey(sig.public_key);
  } catch (e) {
    return { ok: false, detail: `manifest.sig: cannot read the embedded public key: ${(e as Error).message}` };
  }
  // Strict encodings: lenient PEM/base64 decoders would let a changed byte pass unnoticed.
  if (embedded.export({ type: 'spki', format: 'pem' }).toString() !== sig.public_key)
    return { ok: false, detail: 'manifest.sig: the public key is not in canonical PEM' };
  if (keyId(embedded) !== sig.key_id) return { ok: false, detail: `manifest.sig: key id ${sig.key_id} does not match its public key (${keyId(embedded)})` };
  const raw = Buffer.from(sig.signature ?? '', 'base64');
  if (raw.toString('base64') !== sig.signature) return { ok: false, detail: 'manifest.sig: the signature is not canonical base64' };
  let key = embedded;
  if (pinnedPublicKeyPem) {
    try {
      key = crypto.createPublicKey(pinnedPublicKeyPem);
    } catch (e) {
      return { ok: false, detail: `cannot read the given public key: ${(e as Error).message}` };
    }
    if (keyId(key) !== sig.key_id) return { ok: false, detail: `signed by key ${sig.key_id}, not by the given key ${keyId(key)}` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, detail: `public key is ${key.asymmetricKeyType}, not Ed25519` };
  let ok: boolean;
  try {
    ok = crypto.verify(null, signedStatement(sig), key, raw);
  } catch {
    ok = false;
  }
  if (!ok) return { ok: false, detail: 'the Ed25519 signature does not verify' };
  return {
    ok: true,
    detail: `signed by key ${sig.key_id} at ${sig.signed_at}${pinnedPublicKeyPem ? ' (pinned)' : ' (key embedded in the signature; pass --pubkey to check who signed)'}`,
  };
}
