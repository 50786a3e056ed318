// The data model shared by every stage (load → plan → execute → score → render).
// Field names mirror the YAML/JSON files (snake_case) so a value can be traced from a file to a report
// without renaming. The JSON Schemas in standards/schemas/ are the authority; these types follow them.

export type Lang = 'zh' | 'en';
export interface I18n {
  zh: string;
  en: string;
}

export const DOMAINS = ['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety'] as const;
export type Domain = (typeof DOMAINS)[number];

/** What a target can expose. A clause needing a capability the target lacks is `not_applicable`. */
export const CAPABILITIES = ['chat', 'knowledge', 'mcp', 'a2a', 'web', 'metrics', 'audit', 'evidence'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type Obligation = 'shall' | 'should'; // 应 | 宜
export type Verification = 'probe' | 'evidence' | 'browser' | 'attestation';

export interface Source {
  /** A document id declared in the edition's `documents` (e.g. `guide`, `TC260-003`, `GB 45438-2025`). */
  doc: string;
  /** Section as the document numbers it, e.g. `二(二)3.3` for the guide, `7 c)` for TC260-003. */
  section: string;
  /** Set false for requirements recalled but not read from the primary text (⚠ rows): never gates a level. */
  verified?: boolean;
  note?: string;
}

export interface CheckUse {
  use: string; // check id, e.g. `chat.refusal-rate`; `attestation` for an evaluator's judgement
  with?: Record<string, unknown>;
}

export interface Clause {
  id: string; // stable, e.g. SAF-CONT-02
  domain: Domain;
  item: string; // capability item id (能力项), declared in the domain file
  title: I18n;
  requirement: I18n;
  obligation: Obligation;
  level: 1 | 2 | 3 | 4 | 5;
  weight: number;
  critical?: boolean;
  tags?: string[];
  sources: Source[];
  verification: Verification;
  applies_when?: { capabilities?: Capability[]; evidence?: string[]; context?: ContextCondition };
  /** where the clause's thresholds come from (`govllm explain`; a test holds every gating clause to it) */
  thresholds?: { basis: 'source' | 'suite-policy' | 'mixed'; note: string };
  checks: CheckUse[];
  remediation?: I18n;
}

export interface CapabilityItem {
  id: string;
  title: I18n;
}

export interface DomainFile {
  edition: string;
  domain: Domain;
  title: I18n;
  items: CapabilityItem[];
  clauses: Clause[];
}

export interface Edition {
  id: string; // gov-llm-2.0
  title: I18n;
  version: string;
  levels: { level: number; name: I18n; description?: I18n; gate?: I18n }[];
  /** the maturity model stated once (MATURITY.md) */
  maturity?: { naming: I18n; rule: I18n; assessable: Partial<Record<Domain, number>> };
  domains: { id: Domain; file: string; title: I18n }[];
  documents: { id: string; title: string; kind: 'guide' | 'national-standard' | 'regulation' | 'technical-document' }[];
}

/** A loaded catalog: the edition, all its clauses, and where each came from (for messages). */
export interface Catalog {
  dir: string;
  edition: Edition;
  domains: DomainFile[];
  clauses: Clause[];
  /** SHA-256 over the edition and domain files, in a fixed order. */
  sha256: string;
  /** clause id → `file:line` where it is defined (read on demand: line numbers cost a second parse). */
  locations: ClauseLocations;
}

export interface ClauseLocations {
  get(id: string): string | undefined;
}

export interface Profile {
  id: string;
  title: I18n;
  description?: I18n;
  edition: string;
  select: { domains?: Domain[]; ids?: string[]; tags?: string[]; verification?: Verification[]; max_level?: number; capabilities?: Capability[] };
  exclude?: { ids?: string[]; tags?: string[]; domains?: Domain[]; verification?: Verification[]; max_level?: number; capabilities?: Capability[] };
  /** Per-clause parameter overrides merged over the clause's `with:` (check id → params, or clause id → params). */
  params?: Record<string, Record<string, unknown>>;
  required_level: number;
  /** the target must state its applicability context (target.context) */
  require_context?: boolean;
  /** `manual`: attestation clauses are listed as manual even when an attestation file is given (vendor self-test). */
  attestations?: 'evaluate' | 'manual';
}

export interface Waiver {
  clause: string;
  justification: string;
  expires: string; // YYYY-MM-DD
  approver: string;
  run?: boolean; // run the check anyway and report it (InSpec's `run: true`)
}

export interface EndpointBase {
  /** Name of the environment variable holding the API key. The key itself never appears in a file. */
  api_key_env?: string;
  timeout_ms?: number;
  rps?: number;
  burst?: number;
  concurrency?: number;
}

/** One chat model of the deployment (target descriptor v2, `endpoints.chat.models[]`). */
export interface ChatModel {
  id: string;
  context_window?: number;
  /** Env-var names of the keys allowed to use the model; absent = every key of the endpoint. */
  keys?: string[];
  description?: string;
}

/** Where the vendor's chat responses keep what the standard asks for (`endpoints.chat.shape`). */
export interface ChatShape {
  label?: { field?: string; header?: string };
  redline_template?: string[];
  error_path?: string;
}

/** The knowledge interface's fields (`endpoints.knowledge.shape`); unset ones are discovered. */
export interface KnowledgeShape {
  query_path?: string;
  question_field?: string;
  answer_path?: string;
  citations_path?: string;
  citation_id_field?: string;
  abstain_phrases?: string[];
}

export interface McpTaskStep {
  tool: string;
  arguments?: Record<string, unknown>;
  expect_any?: string[];
  save?: Record<string, string>;
}

export const DEPLOYMENT_FORMS = ['云', '一体机', '私有化', '互联网调用'] as const;
export type DeploymentForm = (typeof DEPLOYMENT_FORMS)[number];
export interface TargetContext {
  public_facing: boolean;
  trains_models: boolean;
  deployment_form: DeploymentForm;
}
/** A clause applies only when every condition given holds for the target's context. */
export interface ContextCondition {
  public_facing?: boolean;
  trains_models?: boolean;
  deployment_form?: DeploymentForm[];
}

export interface Target {
  /** Descriptor format; absent = 1. `normalizeTarget` (runners/core/target.ts) migrates 1 to 2. */
  version?: 1 | 2;
  name: string;
  vendor?: string;
  description?: string;
  endpoints: {
    chat?: EndpointBase & {
      base_url: string; // e.g. http://127.0.0.1:8080/v1
      /** The model probes use by default (after normalizeTarget: always set, the first of `models`). */
      model: string;
      /** v2: every model served, with its window and allowed keys (after normalizeTarget: always set). */
      models?: ChatModel[];
      /** v1: a key that is allowed only `restricted_models` (migrated into models[].keys). */
      restricted_key_env?: string;
      restricted_models?: string[];
      system_prompt?: string;
      shape?: ChatShape;
    };
    knowledge?: EndpointBase & {
      base_url: string;
      /** v2: the key allowed to write documents, when it is not the query key `api_key_env`. */
      update_key_env?: string;
      update?: { method: 'POST' | 'PUT'; path: string; body?: Record<string, unknown> };
      /** The evaluator's gold set (CSV) about this deployment's own knowledge base, relative to the target file. */
      gold_set?: string;
      shape?: KnowledgeShape;
    };
    mcp?: EndpointBase & { url: string; shape?: { task?: McpTaskStep[]; forbidden_calls?: { tool: string; arguments?: Record<string, unknown> }[] } };
    a2a?: EndpointBase & { card_url: string; binding?: 'JSONRPC' | 'HTTP+JSON' | 'GRPC' };
    web?: { url: string; input_selector?: string; send_selector?: string; answer_selector?: string; timeout_ms?: number };
    metrics?: EndpointBase & { url: string; shape?: { families?: Record<string, string> } };
    audit?: EndpointBase & { url: string };
  };
  /** What the vendor declares (cross-checked against probes). */
  declared?: {
    /** v1: the one context window (migrated to the default model's `context_window`). */
    context_window?: number;
    /** v1: models served (migrated into endpoints.chat.models). */
    models?: string[];
    rate_limit_rps?: number;
    mcp_tools?: string[];
  };
  /** applicability context: which clauses apply to this deployment at all (applies_when.context) */
  context?: TargetContext;
  evidence?: string; // folder holding manifest.yaml, relative to the target file
}

export const STATUSES = ['pass', 'fail', 'error', 'not_applicable', 'not_tested', 'manual'] as const;
export type Status = (typeof STATUSES)[number];

export interface EvidenceRef {
  file: string;
  sha256: string;
}

/** What a check returns. `error` = could not decide; never counted as a pass. */
export interface CheckResult {
  status: Status;
  message: string;
  observed?: Record<string, unknown>;
  expected?: Record<string, unknown>;
  /** 0..1; defaults to 1 for pass and 0 otherwise. */
  score?: number;
  evidence?: EvidenceRef[];
}

/** One executed (clause, check) pair, as written to journal.jsonl and results.json. */
export interface Outcome extends CheckResult {
  clause: string;
  check: string;
  /** Index of the check within the clause's `checks` list. */
  index: number;
  transcripts: string[];
  evidence: EvidenceRef[];
  started_at: string;
  duration_ms: number;
  waived?: { justification: string; approver: string; expires: string };
}
