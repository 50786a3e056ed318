// The model-config evidence kind, shared by the checks that read it (sizing, context, cross-checks,
// evaluation reports).

import type { CheckContext } from '../../../runners/core/check.ts';
import { readJson } from '../../../runners/evidence/json.ts';
import { fileOfKind } from '../../../runners/evidence/use.ts';

export interface DeclaredModel {
  name: string;
  version: string;
  deployed: boolean;
  base_model?: string;
  parameters_b: number;
  precision: string;
  bytes_per_param: number;
  vocab_size: number;
  context_window: number;
  batch_size: number;
  seq_len: number;
}

export interface ModelConfig {
  long_documents_in_scope: boolean;
  rate_limit_rps?: number;
  models: DeclaredModel[];
}

export function readModelConfig(ctx: CheckContext<any>): ModelConfig {
  const f = fileOfKind(ctx, 'model-config');
  return readJson<ModelConfig>(f.path, 'evidence/model-config.schema.json');
}
