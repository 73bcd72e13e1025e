// Snippets cut as the Go side's makeSnippet cuts them: a window of about
// SNIPPET_RUNES characters of the summary (or, when the summary has no
// match, the body) starting up to SNIPPET_LEAD characters before the first
// match; matches marked; runs of white space collapsed to one space; "…"
// at a cut end. Without a match: the start of the summary (or the body).

import { analyze } from './search-analysis.js';

const SNIPPET_RUNES = 80, SNIPPET_LEAD = 20;

// unicode.IsSpace.
const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

const utf8Len = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** runesOf returns [code points, byte offset of each, byte length]. */
function runesOf(s) {
  const cps = [], offs = [];
  let b = 0;
  for (const ch of s) {
    let cp = ch.codePointAt(0);
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    cps.push(cp);
    offs.push(b);
    b += utf8Len(cp);
  }
  return [cps, offs, b];
}

/** phraseSpans is the Go side's phraseSpans: byte spans of each occurrence of toks. */
function phraseSpans(stream, toks) {
  if (!toks.length) return [];
  const byPos = new Map(stream.map((t) => [t.position, t.term]));
  const spans = [];
  stream.forEach((tk, i) => {
    if (tk.term !== toks[0].term) return;
    for (let k = 1; k < toks.length; k++) if (byPos.get(tk.position + k) !== toks[k].term) return;
    let end = tk.end;
    for (const t2 of stream.slice(i)) {
      if (t2.position === tk.position + toks.length - 1) { end = t2.end; break; }
    }
    spans.push([tk.start, end]);
  });
  return spans;
}

/**
 * matchSpans returns the sorted, merged byte spans of s that the matchers
 * ({tokens, char}) match.
 */
export function matchSpans(s, matchers, fold) {
  if (!s || !matchers.length) return [];
  const stream = analyze(s, fold);
  let spans = [];
  for (const m of matchers) {
    if (m.char) {
      const [cps, offs] = runesOf(s);
      const at = new Map(offs.map((o, i) => [o, i]));
      const c = m.char.codePointAt(0);
      for (const tk of stream) {
        if (!tk.term.includes(m.char)) continue;
        for (let i = at.get(tk.start); i !== undefined && i < cps.length && offs[i] < tk.end; i++) {
          const r = cps[i];
          if (((fold && fold.get(r)) ?? r) === c) spans.push([offs[i], offs[i] + utf8Len(r)]);
        }
      }
    } else {
      spans = spans.concat(phraseSpans(stream, m.tokens));
    }
  }
  if (!spans.length) return [];
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [spans[0].slice()];
  for (const sp of spans.slice(1)) {
    const last = merged[merged.length - 1];
    if (sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push(sp.slice());
  }
  return merged;
}

function lowerBound(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * cutSnippet renders the window of s around the first span as parts
 * [{text, mark}]. complete says whether s is the whole text; when it is
 * not, cutSnippet returns null if the window could reach past its end.
 */
export function cutSnippet(s, spans, complete = true) {
  let [cps, offs] = runesOf(s);
  let n = cps.length;
  if (complete) while (n > 0 && SPACES.has(cps[n - 1])) n--;
  cps = cps.slice(0, n);
  offs = offs.slice(0, n + 1);
  if (offs.length === n) offs.push(n ? offs[n - 1] + utf8Len(cps[n - 1]) : 0);
  let startRune = 0;
  if (spans.length) startRune = Math.max(0, lowerBound(offs, spans[0][0]) - SNIPPET_LEAD);
  let endRune = Math.min(n, startRune + SNIPPET_RUNES);
  if (endRune - startRune < SNIPPET_RUNES) {
    if (!complete) return null;
    startRune = Math.max(0, endRune - SNIPPET_RUNES);
  }
  for (const sp of spans) {
    if (sp[0] < offs[endRune] && sp[1] > offs[endRune]) endRune = lowerBound(offs, sp[1]);
  }
  if (!complete && endRune > n - 8) return null; // the margin where a cut text may tokenize differently
  let lo = offs[startRune];
  const hi = offs[endRune];
  let li = startRune;
  while (lo < hi && SPACES.has(cps[li])) { lo += utf8Len(cps[li]); li++; }

  const parts = [];
  let buf = '';
  let space = false;
  let pi = li;
  const flush = (mark) => {
    if (buf) parts.push({ text: buf, mark });
    buf = '';
  };
  const text = (upTo) => {
    while (pi < n && offs[pi] < upTo) {
      const r = cps[pi++];
      if (SPACES.has(r)) { space = true; continue; }
      if (space) { buf += ' '; space = false; }
      buf += String.fromCodePoint(r);
    }
  };
  if (startRune > 0) buf += '…';
  for (const sp of spans) {
    if (sp[1] <= lo || sp[0] >= hi) continue;
    const a = Math.max(sp[0], lo), b = Math.min(sp[1], hi);
    text(a);
    if (space) { buf += ' '; space = false; }
    flush(false);
    text(b);
    flush(true);
  }
  text(hi);
  if (endRune < (complete ? n : Infinity)) buf += '…';
  flush(false);
  return parts;
}

/** escapeHTML is Go's html.EscapeString. */
export const escapeHTML = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]);

/** partsHTML renders parts as the Go side's snippet HTML. */
export const partsHTML = (parts) => parts.map((p) => (p.mark ? `<mark>${escapeHTML(p.text)}</mark>` : escapeHTML(p.text))).join('');

/**
 * makeSnippet cuts the snippet of a doc. t holds the summary and the body,
 * or the body's first piece when more is given: more() resolves to the
 * next piece, or null after the last. bodyMayMatch false skips searching
 * the body (the postings say it cannot match).
 */
export async function makeSnippet(t, matchers, fold, more = null, bodyMayMatch = true) {
  const summary = t.summary || '';
  const sSpans = matchSpans(summary, matchers, fold);
  if (sSpans.length) return cutSnippet(summary, sSpans);
  let body = t.body || '';
  let complete = !more;
  const extend = async () => {
    const next = await more();
    if (next === null) complete = true;
    else body += next;
  };
  if (bodyMayMatch) {
    for (;;) {
      const spans = matchSpans(body, matchers, fold);
      if (complete) {
        if (spans.length) return cutSnippet(body, spans);
        break;
      }
      if (spans.length && spans[0][1] <= lastSafeOffset(body)) {
        const parts = cutSnippet(body, spans, false);
        if (parts) return parts;
      }
      await extend();
    }
  }
  if (!Array.from(summary).every((c) => SPACES.has(c.codePointAt(0)))) return cutSnippet(summary, []);
  for (;;) {
    const parts = cutSnippet(body, [], complete);
    if (parts) return parts;
    await extend();
  }
}

/** lastSafeOffset is the byte offset up to which a prefix of a text tokenizes as the whole text. */
function lastSafeOffset(s) {
  const [cps, offs] = runesOf(s);
  return cps.length > 8 ? offs[cps.length - 8] : 0;
}
