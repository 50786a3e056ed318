// Per-endpoint request limiter: a concurrency bound (p-limit) and a token bucket (`rps` sustained, `burst`
// at once), plus a pause when the target answers 429/503 with Retry-After. It implements the `Limiter`
// interface of runners/http/client.ts, so every request a check sends through ctx.http.<endpoint> waits here.
//
// The bucket reserves tokens (tokens may go negative) rather than polling: each caller computes exactly how
// long it must wait, callers are served in arrival order, and no timer spins while the bucket is empty.

import pLimit, { type LimitFunction } from 'p-limit';
import type { Limiter } from '../http/client.ts';
import { sleep } from '../http/client.ts';

export interface EndpointLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Sustained requests per second; absent = no rate limit. */
  rps?: number;
  /** Requests allowed at once after an idle period (bucket size); default max(1, ceil(rps)). */
  burst?: number;
  /** Longest pause a Retry-After may impose (a hostile target must not stall the run forever). */
  maxBackoffMs?: number;
}

export class EndpointLimiter implements Limiter {
  private readonly limit: LimitFunction;
  private readonly rps?: number;
  private readonly burst: number;
  private readonly maxBackoffMs: number;
  private tokens: number;
  private lastRefill: number;
  private blockedUntil = 0;
  /** How many Retry-After pauses were honoured, for the run summary. */
  backoffs = 0;

  constructor(
    limits: EndpointLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = pLimit(Math.max(1, Math.floor(limits.concurrency)));
    this.rps = limits.rps && limits.rps > 0 ? limits.rps : undefined;
    this.burst = Math.max(1, Math.floor(limits.burst ?? Math.ceil(this.rps ?? 1)));
    this.maxBackoffMs = limits.maxBackoffMs ?? 120_000;
    this.tokens = this.burst;
    this.lastRefill = now();
  }

  get active(): number {
    return this.limit.activeCount;
  }
  get pending(): number {
    return this.limit.pendingCount;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolveAcquire, rejectAcquire) => {
      // The slot is held from the moment p-limit runs this function until the caller releases it.
      void this.limit(
        () =>
          new Promise<void>((releaseSlot) => {
            if (signal?.aborted) {
              releaseSlot();
              rejectAcquire(new Error('aborted'));
              return;
            }
            this.waitForToken(signal).then(
              () => {
                let released = false;
                resolveAcquire(() => {
                  if (!released) {
                    released = true;
                    releaseSlot();
                  }
                });
              },
              (e) => {
                releaseSlot();
                rejectAcquire(e);
              },
            );
          }),
      );
    });
  }

  backoff(retryAfterMs: number): void {
    const until = this.now() + Math.min(Math.max(0, retryAfterMs), this.maxBackoffMs);
    if (until > this.blockedUntil) {
      this.blockedUntil = until;
      this.backoffs++;
    }
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    await this.waitUnblocked(signal);
    if (!this.rps) return;
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.lastRefill) / 1000) * this.rps);
    this.lastRefill = t;
    this.tokens -= 1;
    if (this.tokens < 0) {
      // Reserved a future token: wait until the bucket will have refilled to it.
      try {
        await sleep(Math.ceil((-this.tokens / this.rps) * 1000), signal);
      } catch (e) {
        this.tokens += 1; // give the reservation back
        throw e;
      }
    }
    // A Retry-After that arrived while we waited still applies to us.
    await this.waitUnblocked(signal);
  }

  private async waitUnblocked(signal?: AbortSignal): Promise<void> {
    for (let b = this.blockedUntil - this.now(); b > 0; b = this.blockedUntil - this.now()) await sleep(b, signal);
  }
}
