// Calendar days, the one way: YYYY-MM-DD in UTC. Waiver expiry, evidence ages and as-of dates are all compared
// as UTC calendar days, so `govllm verify` recomputes the same verdict on a machine in any time zone.

/** A Date, a YYYY-MM-DD day or an ISO timestamp → its UTC calendar day, YYYY-MM-DD. */
export function isoDay(d: Date | string): string {
  if (typeof d === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
    const t = /^\d{4}-\d{2}-\d{2}T/.test(d) ? Date.parse(d) : NaN;
    if (Number.isNaN(t)) throw new Error(`a day must be YYYY-MM-DD (or an ISO timestamp), got "${d}"`);
    return new Date(t).toISOString().slice(0, 10);
  }
  return d.toISOString().slice(0, 10);
}
