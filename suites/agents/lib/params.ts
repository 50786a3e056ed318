// The `with:` blocks the agents checks are tested with against the reference deployment — the same
// values the catalog's clauses carry for it (standards/gov-llm-2.0/agents.yaml).

/** 查询事项 → 列出材料 → 查询进度, chained through the item code the first step returns. */
export const REFERENCE_TASK_STEPS = [
  { tool: 'query_service_item', arguments: { keyword: '居民身份证换领' }, expect_any: ['GA-0101'], save: { item_code: 'items.0.item_code' } },
  { tool: 'list_required_materials', arguments: { item_code: '{{item_code}}' }, expect_any: ['居民户口簿'] },
  { tool: 'query_case_progress', arguments: { case_id: 'BJ20260001' }, expect_any: ['审核中', '已受理', '已办结'] },
];

/** The admin-only tool the evaluator's key must not be allowed to call (修改办件状态). */
export const REFERENCE_FORBIDDEN_CALLS = [{ tool: 'update_case_status', arguments: { case_id: 'BJ20260002', status: '不予受理' } }];
