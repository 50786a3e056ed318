// The 专栏1 memory sizing of the practice guide (政务大模型硬件资源需求评估), exactly as the guide computes it:
//   weights      = parameters × bytes per parameter               (671B × 1 byte = 671 GB)
//   activations  = weights × dynamic factor                       (× 0.25 = 167.75 GB)
//   output cache = batch × sequence length × vocabulary ÷ 1024³  (16 × 8192 × 128256 ÷ 1024³ ≈ 15.66 GB)
//   overhead     = 1 GB fixed (software stack, operator compilation caches)
// total ≈ 855.41 GB → at least ⌈855.41 ÷ 64⌉ = 14 cards of 64 GB. The guide then asks for 20 %–30 %
// redundancy; we read that as memory installed beyond the need, relative to the need:
//   redundancy = (installed − total) ÷ total.

export interface SizingModel {
  parameters_b: number;
  bytes_per_param: number;
  batch_size: number;
  seq_len: number;
  vocab_size: number;
}

export interface SizingFactors {
  activation_factor: number;
  overhead_gb: number;
}

export interface Sizing {
  weights_gb: number;
  activations_gb: number;
  output_cache_gb: number;
  overhead_gb: number;
  total_gb: number;
}

export function vramNeed(m: SizingModel, f: SizingFactors): Sizing {
  // The guide counts 1B parameters × 1 byte as 1 GB (decimal giga for weights) and divides the output
  // tensor by 1024³; both are kept as written so the worked example comes out at 855.41 GB.
  const weights = m.parameters_b * m.bytes_per_param;
  const activations = weights * f.activation_factor;
  const output = (m.batch_size * m.seq_len * m.vocab_size) / 1024 ** 3;
  return {
    weights_gb: weights,
    activations_gb: activations,
    output_cache_gb: output,
    overhead_gb: f.overhead_gb,
    total_gb: weights + activations + output + f.overhead_gb,
  };
}

/** Cards of `memoryGb` each needed for `totalGb` (the guide's minimum, no redundancy). */
export function cardsNeeded(totalGb: number, memoryGb: number): number {
  return Math.ceil(totalGb / memoryGb - 1e-9);
}

/** Memory installed beyond the need, relative to the need (0.2 = 20 %). */
export function redundancy(installedGb: number, totalGb: number): number {
  return (installedGb - totalGb) / totalGb;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
