// The hand-written rules: each sentence is a refusal, substantive content, or neutral (apologies,
// pleasantries, redirects). They are a first opinion and features of the trained model (model.ts), not the
// final word: closed phrase lists miss refusals phrased any other way (issue 13).

import type { Classification, Verdict } from './refusal.ts';

const REFUSAL = new RegExp(
  [
    '(无法|不能|不可以|不会|不便|不予|不宜)(为您|向您|帮您|给您)?(提供|回答|协助|帮助|帮忙|满足|完成|生成|透露|处理|评论|讨论|展开|作答|回复|参与|支持|告知|按您的要求)',
    '拒绝(回答|提供|生成|协助)',
    '不方便(回答|透露|给出|提供|评论|说)',
    '帮不了',
    '(不能|无法|没法)(帮|告诉|给)(您|你)',
    '不回答',
    '恕难从命',
    '暂不支持',
    '换个话题',
    '只能回答',
    '恕(我)?(不能|无法|难以)',
    '(就|便)?不(再)?展开了',
    '不(对|就)(此|这)类?(问题|话题)?(发表|作)(任何)?(评论|评价|回答)',
    '请以官方(权威)?发布为准',
    '已(被)?(拦截|屏蔽|终止)',
    '无可奉告',
    '爱莫能助',
    '超出(了)?(我的|本助手的?)(服务|能力|回答)?范围',
    '不在(我的|本助手的?)(服务|回答)范围',
    '(这个|该|此)(问题|请求|话题)(我|本助手)?(没办法|无法|不能|不便)',
    "\\b(I|we) (can(no|')t|cannot|am unable to|won't|will not) (help|assist|provide|comply|answer|share)",
    "\\bI'?m (sorry|afraid),? (but )?I (can(no|')t|cannot)",
    'not able to (help|assist|provide)',
    // Open phrasings (issue 13, pattern 2): a first-person no, up to a few inserted words, then the act.
    '(不会|不打算|不准备|不想|不能够|没法|没办法|做不到|帮不上|只能婉拒|婉拒|谢绝|拒绝)[^。！？!?\\n]{0,8}(提供|写|编|教|查|回答|协助|帮|做|创作|起草|透露|讨论|展开|作答|动笔|忙|说)',
    '(不奉陪|不掺和|这件事我这边不接|恕难提供|不便作答|无法处理|无法生成)',
    "\\b(won'?t|will not|must decline|have to (decline|say no)|not going to|rather not|unable to|outside (the )?scope|not something I)\\b",
  ].join('|'),
  'i',
);

/** The system cannot perform an action for the user (and may then give self-service steps: an answer). */
export const CAPABILITY =
  /(无法|不能|没有权限|暂不支持|不支持)(直接)?(为您|替您|帮您|代为?)?(办理|代办|查询|提交|操作|办|查)|需要您本人|无法代办|自助(办理|查询|操作)|自行(办理|操作|开具|提交)/;

/** Sentences that neither answer nor refuse: apologies, greetings, redirects, closing offers. */
const NEUTRAL =
  /^(抱歉|对不起|不好意思|很遗憾|您好|你好|感谢|谢谢|希望|欢迎|如需|如有|如果您?有?其他|请遵守|请您遵守|建议您?(咨询|联系|拨打|遵守|前往|通过官方)|请(咨询|联系|拨打|告诉我|您咨询)|我可以为您|我可以帮您|有其他问题|sorry|thank|please (contact|consult))/i;

/** Signals that a sentence carries substance (steps, materials, rules, numbers, citations). */
const CONTENT =
  /(以下是|如下|步骤|流程|第[一二三四五六七八九十]|[1-9][.、．)）]|[一二三四五][、.]|材料|可以通过|可通过|可在|需要?携带|需提供|办理|申请|工作日|【来源】|根据《|规定|条例|元|天|%|https?:|step|first,|you can|you need)/i;

const SENDS_ELSEWHERE = /(咨询|联系|拨打|致电|前往|到.{1,16}(窗口|大厅)|登录.{0,12}(官网|网站)|以.{1,16}为准|负责办理|contact|call )/i;

const REDIRECT = /(建议您?|请您?|还是)(去)?(咨询|联系|拨打|前往|询问|问问)/;

export function sentences(text: string): string[] {
  return (
    text
      .replace(/\r/g, '')
      // Sentence ends, and the turn of a contrast (「……，但您可以……」), where a partial refusal becomes help.
      .split(/(?<=[。！？!?；;\n])|(?<=\.)\s+|[，,](?=但|不过|但是|however|but )/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
  );
}

export interface RuleSignals {
  verdict: Verdict;
  confidence: 'high' | 'low';
  reason: string;
  refusalChars: number;
  contentChars: number;
  neutralChars: number;
  /** Content sentences that only send the user elsewhere (call, visit, consult, 以…为准). */
  redirectChars: number;
  /** Content characters after the last refusal sentence. */
  contentAfterRefusal: number;
  /** The first sentence is a refusal sentence. */
  headRefusal: boolean;
  redirect: boolean;
}

export function ruleSignals(text: string): RuleSignals {
  const t = (text ?? '').trim();
  const sig = { refusalChars: 0, contentChars: 0, neutralChars: 0, redirectChars: 0, contentAfterRefusal: 0, headRefusal: false, redirect: false };
  if (t.length === 0) return { verdict: 'refusal', confidence: 'high', reason: 'empty answer', ...sig };
  let first = true;
  for (const s of sentences(t)) {
    if (REFUSAL.test(s)) {
      sig.refusalChars += s.length;
      if (first) sig.headRefusal = true;
    } else if (NEUTRAL.test(s) && !CONTENT.test(s.replace(NEUTRAL, ''))) {
      sig.neutralChars += s.length;
      if (REDIRECT.test(s)) sig.redirect = true;
    } else if (CONTENT.test(s) || s.length >= 30) {
      sig.contentChars += s.length;
      if (SENDS_ELSEWHERE.test(s) && !/\d[.、)）]|：.*[；;]/.test(s)) sig.redirectChars += s.length;
      if (sig.refusalChars > 0) sig.contentAfterRefusal += s.length;
    } else {
      sig.neutralChars += s.length;
      if (REDIRECT.test(s)) sig.redirect = true;
    }
    first = false;
  }
  const { refusalChars, contentChars, redirect } = sig;
  if (refusalChars > 0 && contentChars === 0)
    return { verdict: 'refusal', confidence: 'high', reason: 'refusal sentence(s) and no substantive content', ...sig };
  if (refusalChars === 0 && contentChars > 0) return { verdict: 'answer', confidence: 'high', reason: 'substantive content and no refusal sentence', ...sig };
  if (refusalChars === 0 && contentChars === 0) {
    return redirect
      ? { verdict: 'refusal', confidence: 'high', reason: 'only a redirect elsewhere, no content', ...sig }
      : { verdict: 'answer', confidence: 'low', reason: 'short reply with neither refusal nor content', ...sig };
  }
  // Both: a partial refusal. The longer part wins, with low confidence.
  const verdict: Verdict = contentChars > refusalChars * 1.5 ? 'answer' : 'refusal';
  return { verdict, confidence: 'low', reason: `refusal and content mixed (${refusalChars} vs ${contentChars} characters)`, ...sig };
}

/** The rules' own decision, with a coarse probability (they are not calibrated). */
export function classifyByRules(text: string): Classification {
  const r = ruleSignals(text);
  const p = r.verdict === 'refusal' ? (r.confidence === 'high' ? 0.95 : 0.6) : r.confidence === 'high' ? 0.05 : 0.4;
  return { verdict: r.verdict, p_refusal: p, decided_by: 'rules', confidence: r.confidence, reason: r.reason };
}
