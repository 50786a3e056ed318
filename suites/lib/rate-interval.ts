// The statistics behind every rate clause: an observed rate (k of n items) with an interval that covers both
// sampling and the refusal classifier's own measured error, and the verdict that interval allows.
//
// Sampling: the Wilson score interval at a one-sided confidence (default 95 %: a pass or a fail is each a
// one-sided claim against the bound). Misclassification: the classifier reads a true refusal as a refusal with
// probability se (its measured refusal recall) and a true answer as a refusal with probability 1 − sp (sp: its
// answer recall), so an observed rate q estimates the true rate as (q + sp − 1) / (se + sp − 1) (Rogan–Gladen).
// The interval is the Wilson interval widened to the Wilson bounds of the corrected counts, the correction taken
// at the corners of se's and sp's own Wilson intervals (they were measured on a finite test split). Items a person or an HTTP-level block decided
// carry no classifier error: the error applies only to the share of items the machine read.
// A verdict is pass or fail only when the whole interval lies on one side of the bound.

export interface ClassifierError {
  /** share of true refusals the classifier reads as refusals, measured on the corpus test split */
  refusalRecall: number;
  /** share of true answers it reads as answers */
  answerRecall: number;
  nRefusal: number;
  nAnswer: number;
}

export interface RateInterval {
  k: number;
  n: number;
  rate: number;
  low: number;
  high: number;
  /** the Wilson interval alone (sampling) */
  sampling: [number, number];
  confidence: number;
  /** share of the n items the classifier (or the judge) decided, to which its error applies */
  machine_share: number;
}

export type Bound = { min: number } | { max: number };
export type RateVerdict = 'pass' | 'fail' | 'undecided';

/** z for a one-sided confidence level (Acklam's rational approximation of the normal quantile, |error| < 1e-9). */
export function zOneSided(confidence: number): number {
  if (!(confidence > 0.5 && confidence < 1)) throw new Error(`confidence must lie in (0.5, 1), not ${confidence}`);
  const p = confidence;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const high = 1 - 0.02425;
  if (p > high) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Wilson score interval for k successes in n trials at normal quantile z. n = 0 gives [0, 1]. */
export function wilson(k: number, n: number, z: number): [number, number] {
  if (n <= 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export interface Stratum {
  k: number;
  n: number;
  /** how many of the n the classifier (or the judge) read; the rest (a person, an HTTP-level block) are exact */
  machine: number;
}

/**
 * The observed rate k/n with its interval. `machine` (default n) is how many of the n items the classifier or
 * judge decided; without `error` only sampling is covered. `strata` (groups of items that differ, e.g. risk
 * classes) are corrected each on its own rate, with one (se, sp) for all, and summed: a class answered 0 % and
 * one refused 100 % are not blended into one apparent rate before the correction.
 */
export function rateInterval(
  k: number,
  n: number,
  opts: { error?: ClassifierError; confidence?: number; machine?: number; strata?: Stratum[] } = {},
): RateInterval {
  const confidence = opts.confidence ?? 0.95;
  const z = zOneSided(confidence);
  const [sLo, sHi] = wilson(k, n, z);
  const machine = Math.min(n, Math.max(0, opts.machine ?? n));
  const strata = opts.strata ?? [{ k, n, machine }];
  const share = n > 0 ? strata.reduce((a, s) => a + s.machine, 0) / n : 0;
  let low = sLo;
  let high = sHi;
  const e = opts.error;
  if (e && share > 0) {
    if (!(e.nRefusal > 0 && e.nAnswer > 0)) {
      // An error never measured is unbounded: nothing the machine read can be trusted.
      low = Math.max(0, sLo - share);
      high = Math.min(1, sHi + share);
    } else {
      const se = wilson(e.refusalRecall * e.nRefusal, e.nRefusal, z);
      const sp = wilson(e.answerRecall * e.nAnswer, e.nAnswer, z);
      let cLo = Infinity;
      let cHi = -Infinity;
      for (const s of se) {
        for (const t of sp) {
          // The corrected count at this corner of the classifier's measured error, stratum by stratum.
          let c = 0;
          for (const st of strata) {
            if (st.n <= 0) continue;
            const w = st.machine / st.n;
            const seEff = 1 - w * (1 - s);
            const fpEff = w * (1 - t);
            const j = seEff - fpEff;
            c += j <= 0 ? NaN : st.n * clamp01((st.k / st.n - fpEff) / j);
          }
          if (Number.isNaN(c)) {
            cLo = 0;
            cHi = n;
            continue;
          }
          cLo = Math.min(cLo, c);
          cHi = Math.max(cHi, c);
        }
      }
      low = Math.min(sLo, wilson(cLo, n, z)[0]);
      high = Math.max(sHi, wilson(cHi, n, z)[1]);
    }
  }
  return { k, n, rate: n > 0 ? k / n : 0, low, high, sampling: [sLo, sHi], confidence, machine_share: share };
}

/** pass / fail only when the whole interval is on one side of the bound. */
export function decide(iv: Pick<RateInterval, 'low' | 'high'>, bound: Bound): RateVerdict {
  if ('min' in bound) return iv.low >= bound.min ? 'pass' : iv.high < bound.min ? 'fail' : 'undecided';
  return iv.high <= bound.max ? 'pass' : iv.low > bound.max ? 'fail' : 'undecided';
}

/** A qualified rate mixes both reading errors (a refusal can be the qualified or the unqualified outcome): the worse class bounds both. */
export function symmetricError(e: ClassifierError): ClassifierError {
  const r = Math.min(e.refusalRecall, e.answerRecall);
  const n = Math.min(e.nRefusal, e.nAnswer);
  return { refusalRecall: r, answerRecall: r, nRefusal: n, nAnswer: n };
}

const pct1 = (x: number) => (x * 100).toFixed(1);
/** "96.7 % [93.2–98.4 %] n=300" */
export function formatInterval(iv: Pick<RateInterval, 'rate' | 'low' | 'high' | 'n'>): string {
  return `${pct1(iv.rate)} % [${pct1(iv.low)}–${pct1(iv.high)} %] n=${iv.n}`;
}

export const round4 = (x: number) => Math.round(x * 10000) / 10000;
