// label.web-explicit — a real browser (Debian's Chromium) opens the web chat page, types a question, waits
// for the answer, and checks that the explicit label (the clause's `wording`) is visible near it
// (GB 45438-2025 interactive-UI explicit label; 标识办法 第四条(一)). Visible means: a rendered text node
// (not a comment, not an attribute), no ancestor with display:none / visibility:hidden / opacity≈0,
// a non-empty box inside the viewport once the answer is scrolled into view, a readable font size, a text
// colour that differs from its background, not covered by another element, and within `max_distance_px`
// of the answer's box. A screenshot of the viewport is kept as evidence.

import { defineCheck } from '../../runners/core/check.ts';
import { artifactName, writeArtifact } from './lib/artifacts.ts';

interface Params {
  wording: string;
  question?: string;
  max_distance_px?: number;
  min_font_px?: number;
}

interface LabelProbe {
  textHits: number;
  inComment: boolean;
  inAttribute: boolean;
  candidates: { visible: boolean; reasons: string[]; distance: number; rect: { x: number; y: number; w: number; h: number } }[];
  answerText: string;
}

export default defineCheck<Params>({
  id: 'label.web-explicit',
  title: 'A real browser sees the explicit AI-generated label rendered near the answer (screenshot kept)',
  needs: ['web'],
  params: {
    type: 'object',
    required: ['wording'],
    additionalProperties: false,
    properties: {
      wording: { type: 'string', minLength: 2, description: 'the label text that must be visible, e.g. 人工智能生成' },
      question: { type: 'string', default: '身份证丢了怎么补办？' },
      max_distance_px: { type: 'integer', minimum: 0, default: 120, description: 'how far from the answer box the label may sit' },
      min_font_px: { type: 'number', minimum: 1, default: 9 },
    },
  },
  async run(ctx) {
    const web = ctx.target.endpoints.web!;
    const input = web.input_selector ?? 'textarea, input[type=text]';
    const send = web.send_selector ?? 'button[type=submit], button';
    const answerSel = web.answer_selector ?? '.answer';
    const timeout = web.timeout_ms ?? 30_000;
    const browser = await ctx.browser();
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const onAbort = () => void context.close().catch(() => undefined);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await page.setViewport({ width: 1280, height: 800 });
      // Functions passed to page.evaluate are serialised; tsx/esbuild may wrap named helpers in __name().
      await page.evaluateOnNewDocument('globalThis.__name = globalThis.__name || ((f) => f);');
      // Nothing leaves the target's origin: the suite never sends traffic elsewhere.
      const origin = new URL(web.url).origin;
      await page.setRequestInterception(true);
      page.on('request', (req) => (new URL(req.url()).origin === origin || req.url().startsWith('data:') ? req.continue() : req.abort()));
      const resp = await page.goto(web.url, { waitUntil: 'load', timeout });
      if (!resp || resp.status() >= 400) return { status: 'error', message: `the web page ${web.url} answered ${resp?.status() ?? 'nothing'}` };
      await page.waitForSelector(input, { timeout });
      const before = await page.$$eval(answerSel, (els) => els.length);
      await page.type(input, ctx.params.question ?? '身份证丢了怎么补办？');
      await page.click(send);
      await page.waitForFunction(
        (sel, n) =>
          document.querySelectorAll(sel).length > n &&
          (document.querySelectorAll(sel)[document.querySelectorAll(sel).length - 1].textContent ?? '').trim().length > 0,
        { timeout },
        answerSel,
        before,
      );
      await page.evaluate((sel) => {
        const all = document.querySelectorAll(sel);
        all[all.length - 1].scrollIntoView({ block: 'center' });
      }, answerSel);
      const probe: LabelProbe = await page.evaluate(
        (sel, wording, maxDist, minFont) => {
          const answers = document.querySelectorAll(sel);
          const answer = answers[answers.length - 1] as HTMLElement;
          const a = answer.getBoundingClientRect();
          const parseColor = (c: string) => {
            const m = /rgba?\(([^)]+)\)/.exec(c);
            if (!m) return [0, 0, 0, 1];
            const p = m[1]
              .split(/[ ,/]+/)
              .filter(Boolean)
              .map(Number);
            return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
          };
          const lum = (c: number[]) => {
            const f = (v: number) => {
              v /= 255;
              return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            };
            return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
          };
          const background = (el: Element | null): number[] => {
            for (let e = el; e; e = e.parentElement) {
              const c = parseColor(getComputedStyle(e).backgroundColor);
              if (c[3] > 0.5) return c;
            }
            return [255, 255, 255, 1];
          };
          let inComment = false;
          let inAttribute = false;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
          while (walker.nextNode()) if ((walker.currentNode.nodeValue ?? '').includes(wording)) inComment = true;
          for (const el of Array.from(document.body.querySelectorAll('*')))
            for (const at of Array.from(el.attributes)) if (at.value.includes(wording)) inAttribute = true;
          const texts: Text[] = [];
          const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (tw.nextNode()) {
            const t = tw.currentNode as Text;
            const parent = t.parentElement;
            if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
            if ((t.nodeValue ?? '').includes(wording)) texts.push(t);
          }
          const candidates = texts.map((t) => {
            const reasons: string[] = [];
            const el = t.parentElement!;
            for (let e: Element | null = el; e; e = e.parentElement) {
              const s = getComputedStyle(e);
              if (s.display === 'none') reasons.push(`display:none on <${e.tagName.toLowerCase()}>`);
              if (s.visibility === 'hidden' || s.visibility === 'collapse') reasons.push(`visibility:${s.visibility}`);
              if (Number(s.opacity) < 0.1)
                reasons.push(`opacity:${s.opacity} on <${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''}>`);
              if (s.clipPath && s.clipPath !== 'none' && /inset\(50%|circle\(0|polygon\(0px 0px\)/.test(s.clipPath)) reasons.push('clip-path hides it');
              if (s.clip && /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(s.clip)) reasons.push('clip:rect(0 0 0 0)');
            }
            const range = document.createRange();
            range.selectNodeContents(t);
            const r = range.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) reasons.push('empty box');
            if (r.bottom < 0 || r.right < 0 || r.top > innerHeight || r.left > innerWidth) reasons.push('outside the viewport');
            const st = getComputedStyle(el);
            if (parseFloat(st.fontSize) < minFont) reasons.push(`font-size ${st.fontSize}`);
            const fg = parseColor(st.color);
            if (fg[3] < 0.1) reasons.push('transparent text colour');
            const bg = background(el);
            const l1 = lum(fg);
            const l2 = lum(bg);
            const contrast = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            if (contrast < 1.5) reasons.push(`text colour ≈ background (contrast ${contrast.toFixed(2)})`);
            if (reasons.length === 0) {
              const cx = r.left + Math.min(r.width / 2, 20);
              const cy = r.top + r.height / 2;
              const top = document.elementFromPoint(cx, cy);
              if (top && top !== el && !el.contains(top) && !top.contains(el)) reasons.push(`covered by <${top.tagName.toLowerCase()}>`);
            }
            const dx = Math.max(a.left - r.right, r.left - a.right, 0);
            const dy = Math.max(a.top - r.bottom, r.top - a.bottom, 0);
            const distance = Math.round(Math.hypot(dx, dy));
            if (distance > maxDist) reasons.push(`${distance}px away from the answer`);
            return {
              visible: reasons.length === 0,
              reasons,
              distance,
              rect: { x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) },
            };
          });
          return { textHits: texts.length, inComment, inAttribute, candidates, answerText: (answer.textContent ?? '').slice(0, 120) };
        },
        answerSel,
        ctx.params.wording,
        ctx.params.max_distance_px ?? 120,
        ctx.params.min_font_px ?? 9,
      );
      const shot = (await page.screenshot({ type: 'png' })) as Uint8Array;
      const ev = writeArtifact(ctx, artifactName(ctx, 'screenshot.png'), Buffer.from(shot));
      const observed = {
        url: web.url,
        wording: ctx.params.wording,
        answer_excerpt: probe.answerText,
        text_occurrences: probe.textHits,
        in_comment: probe.inComment,
        in_attribute: probe.inAttribute,
        candidates: probe.candidates,
        screenshot: ev.file,
      };
      const visible = probe.candidates.find((c) => c.visible);
      if (visible)
        return {
          status: 'pass',
          message: `the label 「${ctx.params.wording}」 is rendered and visible ${visible.distance}px from the answer`,
          observed,
          evidence: [ev],
        };
      let why: string;
      if (probe.textHits === 0)
        why = `no rendered text contains 「${ctx.params.wording}」${probe.inComment || probe.inAttribute ? ` (it appears only in ${[probe.inComment && 'an HTML comment', probe.inAttribute && 'an attribute'].filter(Boolean).join(' and ')})` : ''}`;
      else why = `the label text is present but not visible: ${[...new Set(probe.candidates.flatMap((c) => c.reasons))].join('; ')}`;
      return { status: 'fail', message: why, observed, expected: { wording: ctx.params.wording, visible_near_answer: true }, evidence: [ev] };
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await context.close().catch(() => undefined);
    }
  },
});
