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

export function signBundle(dir: string, privateKeyPem: string, now = new Date()): SignatureFile {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = crypto.createPublicKey(privateKey);
  const bytes = fs.readFileSync(path.join(dir, MANIFEST_FILE));
  const sig: SignatureFile = {
    format: 'govllm-signature/1',
    algorithm: 'ed25519',
    signed_file: MANIFEST_FILE,
    manifest_sha256: sha256(bytes),
    public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    key_id: keyId(publicKey),
    signature: crypto.sign(null, bytes, privateKey).toString('base64'),
    signed_at: now.toISOString(),
  };
  fs.writeFileSync(path.join(dir, SIGNATURE_FILE), JSON.stringify(sig, null, 2) + '\n');
  return sig;
}

export function verifySignature(manifestBytes: Buffer, sig: SignatureFile, pinnedPublicKeyPem?: string): { ok: boolean; detail: string } {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pinnedPublicKeyPem ?? sig.public_key);
  } catch (e) {
    return { ok: false, detail: `cannot read the public key: ${(e as Error).message}` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, detail: `public key is ${key.asymmetricKeyType}, not Ed25519` };
  if (pinnedPublicKeyPem && keyId(key) !== sig.key_id) return { ok: false, detail: `signed by key ${sig.key_id}, not by the given key ${keyId(key)}` };
  let ok = false;
  try {
    ok = crypto.verify(null, manifestBytes, key, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { ok: false, detail: 'the Ed25519 signature does not match manifest.json' };
  return { ok: true, detail: `signed by key ${sig.key_id}${pinnedPublicKeyPem ? ' (pinned)' : ' (key embedded in the signature; pass --pubkey to check who signed)'}` };
}
