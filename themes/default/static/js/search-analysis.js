// Casebook's analysis chain in the browser: the same tokens, byte offsets and
// positions as the Go side's bleve analyzer "casebook":
//
//   char filters  ts_fold (Traditional → Simplified), fw_narrow (full-width
//                 ASCII → ASCII + U+00AD)
//   tokenizer     unicode (UAX #29 words, as github.com/blevesearch/segment)
//   filters       shy_strip, cjk_width, to_lower, cjk_bigram
//
// Offsets are UTF-8 byte offsets into the input, as in Go.

import { RUNS } from './search-wordbreak.js';

// Bits of a code point's class mask, in the order of CLASSES in
// search-wordbreak.js (CR, LF, Newline and Regional_Indicator, bits 0-2
// and 13, only ever start tokens that are dropped).
const EXTEND = 1 << 3, FORMAT = 1 << 4,
  KATAKANA = 1 << 5, ALETTER = 1 << 6, HEBREW = 1 << 7, MIDLETTER = 1 << 8,
  MIDNUM = 1 << 9, MIDNUMLET = 1 << 10, NUMERIC = 1 << 11, EXTENDNUMLET = 1 << 12,
  SINGLE_QUOTE = 1 << 14, DOUBLE_QUOTE = 1 << 15, HANGUL = 1 << 16,
  HAN = 1 << 17, HIRAGANA = 1 << 18;

/** @type {{bmp: Int32Array, starts: number[], masks: number[]} | null} */
let classTable = null;

function classes() {
  if (classTable) return classTable;
  const bmp = new Int32Array(0x10000);
  const starts = [], masks = [];
  let cp = 0;
  for (const run of RUNS.split(',')) {
    const [len36, mask36] = run.split(':');
    const len = parseInt(len36, 36);
    const mask = mask36 ? parseInt(mask36, 36) : 0;
    if (cp < 0x10000) bmp.fill(mask, cp, Math.min(cp + len, 0x10000));
    if (cp + len > 0x10000) {
      starts.push(Math.max(cp, 0x10000));
      masks.push(mask);
    }
    cp += len;
  }
  classTable = { bmp, starts, masks };
  return classTable;
}

/** classOf returns the class mask of a code point. */
function classOf(cp) {
  const t = classes();
  if (cp < 0x10000) return t.bmp[cp];
  let lo = 0, hi = t.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.starts[mid] <= cp) lo = mid; else hi = mid - 1;
  }
  return t.masks[lo];
}

// ---- A small longest-match scanner over the segment module's grammar ----

// Regular expressions over classes: {c: mask} | {seq: [...]} | {alt: [...]} | {star: x}.
const C = (mask) => ({ c: mask });
const Seq = (...seq) => ({ seq });
const Alt = (...alt) => ({ alt });
const Star = (x) => ({ star: x });
const Plus = (x) => Seq(x, Star(x));
const Ex = (mask) => Seq(C(mask), Star(C(EXTEND | FORMAT)));

const HangulEx = Ex(HANGUL);
const HebrewOrALetterEx = Ex(HEBREW | ALETTER);
const NumericEx = Ex(NUMERIC);
const KatakanaEx = Ex(KATAKANA);
const MidLetterEx = Ex(MIDLETTER | MIDNUMLET | SINGLE_QUOTE);
const MidNumericEx = Ex(MIDNUM | MIDNUMLET | SINGLE_QUOTE);
const ExtendNumLetEx = Ex(EXTENDNUMLET);
const HanEx = Ex(HAN);
const HiraganaEx = Ex(HIRAGANA);
const SingleQuoteEx = Ex(SINGLE_QUOTE);
const DoubleQuoteEx = Ex(DOUBLE_QUOTE);
const HebrewLetterEx = Ex(HEBREW);

const ENLs = Star(ExtendNumLetEx);
const numRun = Seq(NumericEx, Star(Seq(Alt(ENLs, MidNumericEx), NumericEx)));
const letterRun = Seq(HebrewOrALetterEx, Star(Seq(Alt(ENLs, MidLetterEx), HebrewOrALetterEx)));
const kataRun = Seq(KatakanaEx, Star(Seq(ENLs, KatakanaEx)));
const hebrewQuote = Seq(HebrewLetterEx, Alt(SingleQuoteEx, Seq(DoubleQuoteEx, HebrewLetterEx)));

// Token kinds, as the tokenizer types them.
const NUMBER = 1, LETTER = 2, IDEO = 3;

// The word patterns of segment_words.rl, in its order (ties go to the
// first). Patterns that yield no token (punctuation, spaces, newlines) are
// left out: a position no word pattern matches is skipped.
const PATTERNS = [
  [NUMBER, Seq(ENLs, numRun, ENLs)],
  [LETTER, Plus(HangulEx)],
  [IDEO, Plus(KatakanaEx)],
  [LETTER, Seq(
    ENLs,
    Alt(kataRun, Plus(Alt(hebrewQuote, numRun, letterRun, ExtendNumLetEx))),
    Star(Seq(Plus(ExtendNumLetEx), Alt(kataRun, Plus(Alt(hebrewQuote, numRun, letterRun))))),
    ENLs)],
  [IDEO, HanEx],
  [IDEO, HiraganaEx],
];

/** A Thompson NFA: states are {mask, out} (a character), {split: [...]} or {accept: i}. */
function compileScanner() {
  const states = [];
  const add = (s) => { states.push(s); return states.length - 1; };
  // build returns the start state of node, whose exit leads to next.
  function build(node, next) {
    if (node.c !== undefined) return add({ mask: node.c, out: next });
    if (node.seq) {
      let s = next;
      for (let i = node.seq.length - 1; i >= 0; i--) s = build(node.seq[i], s);
      return s;
    }
    if (node.alt) {
      const starts = node.alt.map((x) => build(x, next));
      return add({ split: starts });
    }
    if (node.star) {
      const loop = add({ split: [] });
      const body = build(node.star, loop);
      states[loop].split = [body, next];
      return loop;
    }
    throw new Error('bad pattern');
  }
  const starts = PATTERNS.map(([, re], i) => build(re, add({ accept: i })));
  return { states, start: add({ split: starts }) };
}

let scanner = null;

/**
 * longestWord returns [end index, kind] of the longest word starting at
 * cps[i], or null when none starts there.
 */
function longestWord(cps, masks, i) {
  if (!scanner) scanner = compileScanner();
  const { states } = scanner;
  let current = [];
  const seen = new Int32Array(states.length).fill(-1);
  let gen = 0;
  const closure = (from, into) => {
    const stack = from.slice();
    while (stack.length) {
      const s = stack.pop();
      if (seen[s] === gen) continue;
      seen[s] = gen;
      const st = states[s];
      if (st.split) for (let k = st.split.length - 1; k >= 0; k--) stack.push(st.split[k]);
      else into.push(s);
    }
  };
  closure([scanner.start], current);
  let best = null;
  for (let j = i; j < cps.length && current.length; j++) {
    const m = masks[j];
    const next = [];
    gen++;
    const moved = [];
    for (const s of current) {
      const st = states[s];
      if (st.mask !== undefined && (st.mask & m) !== 0) moved.push(st.out);
    }
    closure(moved, next);
    let pat = -1;
    for (const s of next) {
      const a = states[s].accept;
      if (a !== undefined && (pat < 0 || a < pat)) pat = a;
    }
    if (pat >= 0) best = [j + 1, PATTERNS[pat][0]];
    current = next;
  }
  return best;
}

const utf8Len = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

function codePoints(text) {
  const cps = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0);
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate, as TextEncoder sees it
    cps.push(cp);
  }
  return cps;
}

/**
 * tokenize splits code points into words as bleve's unicode tokenizer does:
 * [{cps, start, end, kind}] with byte offsets.
 */
function tokenize(cps) {
  const masks = cps.map(classOf);
  const offsets = new Array(cps.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < cps.length; i++) offsets[i + 1] = offsets[i] + utf8Len(cps[i]);
  const out = [];
  for (let i = 0; i < cps.length;) {
    const m = masks[i];
    // Fast path: a Han character not followed by a combining mark.
    if (m === HAN && (i + 1 === cps.length || (masks[i + 1] & (EXTEND | FORMAT)) === 0)) {
      out.push({ cps: [cps[i]], start: offsets[i], end: offsets[i + 1], kind: IDEO });
      i++;
      continue;
    }
    const w = (m & ~(EXTEND | FORMAT)) !== 0 ? longestWord(cps, masks, i) : null;
    if (!w) { i++; continue; }
    const [end, kind] = w;
    out.push({ cps: cps.slice(i, end), start: offsets[i], end: offsets[end], kind });
    i = end;
  }
  return out;
}

// ---- Token filters ----

const kanaNorm = [
  0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
  0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab,
  0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd,
  0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
  0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0,
  0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec,
  0x30ed, 0x30ef, 0x30f3, 0x3099, 0x309a,
];
const kanaCombineVoiced = [
  78, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
  0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1,
  0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 8, 8, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
];
const kanaCombineHalfVoiced = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 2,
  0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/** cjkWidth narrows full-width ASCII and widens half-width katakana (bleve's cjk_width). */
function cjkWidth(runes) {
  const r = runes.slice();
  for (let i = 0; i < r.length; i++) {
    const ch = r[i];
    if (ch >= 0xff01 && ch <= 0xff5e) {
      r[i] -= 0xfee0;
    } else if (ch >= 0xff65 && ch <= 0xff9f) {
      if ((ch === 0xff9e || ch === 0xff9f) && i > 0 && combineKana(r, i, ch)) {
        r.splice(i, 1);
        i--;
      } else {
        r[i] = kanaNorm[ch - 0xff65];
      }
    }
  }
  return r;
}

function combineKana(text, pos, ch) {
  const prev = text[pos - 1];
  if (prev >= 0x30a6 && prev <= 0x30fd) {
    text[pos - 1] += ch === 0xff9f ? kanaCombineHalfVoiced[prev - 0x30a6] : kanaCombineVoiced[prev - 0x30a6];
    return text[pos - 1] !== prev;
  }
  return false;
}

/** lowerRune is Go's unicode.ToLower (simple case mapping). */
function lowerRune(cp) {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp === 0x130) return 0x69;
  const s = String.fromCodePoint(cp).toLowerCase();
  const l = s.codePointAt(0);
  return s.length === String.fromCodePoint(l).length ? l : cp;
}

/** encodeUTF8 returns the UTF-8 bytes of code points. */
function encodeUTF8(runes) {
  const out = [];
  for (const cp of runes) pushUTF8(out, cp);
  return out;
}

function pushUTF8(out, cp) {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** decodeRune is Go's utf8.DecodeRune: [rune, width], (U+FFFD, 1) when invalid. */
function decodeRune(b, i) {
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  const cont = (k, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) return [((c0 & 31) << 6) | (b[i + 1] & 63), 2];
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80, hi = c0 === 0xed ? 0x9f : 0xbf;
    if (cont(1, lo, hi) && cont(2)) return [((c0 & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63), 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80, hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      return [((c0 & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63), 4];
    }
  }
  return [0xfffd, 1];
}

/** decodeGo decodes bytes as Go's encoding/json prints them: each invalid byte is U+FFFD. */
function decodeGo(b) {
  let s = '';
  for (let i = 0; i < b.length;) {
    const [r, w] = decodeRune(b, i);
    s += String.fromCodePoint(r);
    i += w;
  }
  return s;
}

/**
 * toLower is bleve's to_lower filter on the term's bytes, quirks included:
 * the final-sigma rule, and a lower-case form shorter than its letter
 * leaving the bytes that follow unmoved (İ). Returns the term as a string.
 */
function toLower(runes) {
  const s = encodeUTF8(runes);
  let i = 0, j = 0;
  while (i < s.length) {
    let r = s[i], wid = 1;
    if (r >= 0x80) [r, wid] = decodeRune(s, i);
    let l = lowerRune(r);
    if (l === r) { i += wid; j += wid; continue; }
    if (l === 0x3c3 && i + 2 === s.length) l = 0x3c2;
    const lwid = utf8Len(l);
    if (lwid > wid) {
      // bytes.ToLower of the rest
      const rest = [];
      for (let k = i; k < s.length;) {
        const [rr, ww] = decodeRune(s, k);
        pushUTF8(rest, lowerRune(rr));
        k += ww;
      }
      return decodeGo(s.slice(0, j).concat(rest));
    }
    const enc = [];
    pushUTF8(enc, l);
    for (let k = 0; k < enc.length; k++) s[j + k] = enc[k];
    i += wid;
    j += lwid;
  }
  return decodeGo(s.slice(0, j));
}

const str = (runes) => String.fromCodePoint(...runes);

/** cjkBigram is bleve's cjk_bigram filter without unigram output. */
function cjkBigram(input) {
  const ring = [null, null];
  let ptr = 0, items = 0, pos = 1, outputPos = 1;
  const rv = [];
  const flush = () => {
    let t = null;
    if (items === 1) {
      const u = ring[ptr];
      t = { term: u.term, start: u.start, end: u.end, position: outputPos };
    }
    ring[ptr] = null;
    items = 0;
    return t;
  };
  for (const tok of input) {
    if (tok.kind === IDEO) {
      let sofar = 0;
      for (const run of tok.runes) {
        const rlen = utf8Len(run);
        const token = { term: String.fromCodePoint(run), start: tok.start + sofar, end: tok.start + sofar + rlen, position: pos };
        pos++;
        sofar += rlen;
        if (items > 0 && token.start - ring[ptr].end !== 0) {
          const f = flush();
          if (f) { outputPos++; rv.push(f); }
        }
        ptr = 1 - ptr;
        ring[ptr] = token;
        if (items < 2) items++;
        if (items === 2) {
          const prev = ring[1 - ptr], curr = ring[ptr];
          rv.push({ term: prev.term + curr.term, start: prev.start, end: curr.end, position: outputPos });
          outputPos++;
        }
      }
    } else {
      const f = flush();
      if (f) { rv.push(f); outputPos++; }
      rv.push({ term: str(tok.runes), start: tok.start, end: tok.end, position: outputPos });
      outputPos++;
    }
  }
  if (items === 1) {
    const u = ring[ptr];
    rv.push({ term: u.term, start: u.start, end: u.end, position: outputPos });
  }
  return rv;
}

/**
 * parseFold reads fold.json's "pairs" string (source, target, source,
 * target, …) into a Map of code points.
 * @param {string} pairs
 * @returns {Map<number, number>}
 */
export function parseFold(pairs) {
  const m = new Map();
  const cps = codePoints(pairs);
  for (let i = 0; i + 1 < cps.length; i += 2) m.set(cps[i], cps[i + 1]);
  return m;
}

/**
 * analyze runs the analysis chain over text.
 * @param {string} text
 * @param {Map<number, number> | null} fold Traditional → Simplified code points
 * @returns {{term: string, start: number, end: number, position: number}[]}
 */
export function analyze(text, fold) {
  let cps = codePoints(text);
  if (fold && fold.size) cps = cps.map((cp) => fold.get(cp) ?? cp);
  // fw_narrow: U+FF01..U+FF5E → ASCII + U+00AD (same byte length).
  const narrowed = [];
  for (const cp of cps) {
    if (cp >= 0xff01 && cp <= 0xff5e) narrowed.push(cp - 0xfee0, 0xad);
    else narrowed.push(cp);
  }
  const words = [];
  for (const w of tokenize(narrowed)) {
    const stripped = w.cps.filter((cp) => cp !== 0xad); // shy_strip
    if (!stripped.length) continue;
    const term = toLower(cjkWidth(stripped));
    words.push({ runes: Array.from(term, (c) => c.codePointAt(0)), start: w.start, end: w.end, kind: w.kind });
  }
  return cjkBigram(words);
}
