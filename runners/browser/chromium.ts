// Headless Chromium from Debian (/usr/bin/chromium): nothing may download a browser here.
// Flags keep it off the network: this machine refuses outside connections and Chromium would retry them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string {
  const candidates = [process.env.GOVLLM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no Chromium found (looked at ${candidates.join(', ')}); install Debian's: apt-get install -y chromium fonts-noto-cjk`);
  return found;
}

export async function launchChromium(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`],
    timeout: 60_000,
  });
  browser.once('disconnected', () => {
    // Chromium may still be flushing its profile when the connection drops (ENOTEMPTY): retry, and never let a
    // leftover temp folder crash the process.
    try {
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      /* a leftover folder in the OS temp dir is harmless */
    }
  });
  return browser;
}

/** One browser for a whole run, launched on first use and closed at the end. */
export class SharedBrowser {
  private p?: Promise<Browser>;
  get(): Promise<Browser> {
    this.p ??= launchChromium();
    return this.p;
  }
  async close(): Promise<void> {
    if (!this.p) return;
    const b = await this.p.catch(() => undefined);
    this.p = undefined;
    await b?.close().catch(() => undefined);
  }
}
