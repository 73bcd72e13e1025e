// Casebook's search page without a server: it reads the static export under
// the site's search/ folder and answers as `casebook search` does (the same
// hits, order and facet counts). Plain ES2020 modules, no build step.
//
// Exported for tests (node --test): analyze, parseQuery, search, StaticIndex.

import { analyze, parseFold } from './search-analysis.js';
import { parseQuery, QueryError, TERM, PHRASE, FILTER, RANGE, FILTER_FIELDS } from './search-query.js';
import { StaticIndex, prepare, weight, setQueryNorm, run } from './search-engine.js';
import { makeSnippet, partsHTML } from './search-snippet.js';

export { analyze, parseFold, parseQuery, QueryError, StaticIndex, makeSnippet };

/** PAGE is how many hits one page of the search page shows. */
export const PAGE = 10;

/** textClauses are clauses matched against the text fields. */
const isText = (c) => c.kind === TERM || c.kind === PHRASE;

/** isCJK is the Go side's isCJK: Han, Hiragana or Katakana. */
const isCJK = (ch) => /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(ch);

/**
 * plan compiles one text clause as the Go side's compileText and
 * matcherQuery do: a disjunction over the text fields of (a conjunction of
 * the tokens' term queries in that field); for a one-character CJK term, of
 * (a disjunction of the field's terms that contain the character). Term
 * queries carry the field's boost. Returns null for a clause without tokens.
 */
async function plan(clause, fold, m, ix) {
  const tokens = analyze(clause.text, fold);
  if (!tokens.length) return null;
  const boost = (f) => m.boosts[f] ?? 1;
  const rs = Array.from(tokens[0].term);
  const char = tokens.length === 1 && rs.length === 1 && isCJK(rs[0]) ? rs[0] : null;
  if (!char) {
    return {
      clause, tokens, char, bodyTerms: tokens.map((t) => t.term),
      node: {
        type: 'disj',
        children: m.fields.map((field) => ({
          type: 'conj',
          children: tokens.map((t) => ({ type: 'term', field, term: t.term, boost: boost(field) })),
        })),
      },
    };
  }
  const terms = await ix.charTerms(char);
  const entries = await Promise.all(terms.map((t) => ix.entry(t)));
  const perField = [];
  const body = m.fields.indexOf('body');
  const bodyTerms = terms.filter((t, i) => entries[i] && entries[i][body] !== undefined);
  m.fields.forEach((field, f) => {
    const leaves = terms.filter((t, i) => entries[i] && entries[i][f] !== undefined)
      .map((t) => ({ type: 'term', field, term: t, boost: boost(field) }));
    if (leaves.length) perField.push({ type: 'disj', children: leaves });
  });
  return { clause, tokens, char, bodyTerms, node: perField.length ? { type: 'disj', children: perField } : { type: 'none' } };
}

/**
 * phraseHolds returns the docs (among candidates) where the clause's tokens
 * occur at their relative positions within one value of one field.
 */
async function phraseDocs(ix, m, p, candidates) {
  const { tokens } = p;
  const out = new Set();
  if (tokens.length < 2) {
    for (const d of candidates) out.add(d);
    return out;
  }
  const rel = tokens.map((t) => t.position - tokens[0].position);
  const key = wholeKey(tokens);
  for (let f = 0; f < m.fields.length; f++) {
    // docs having every token in this field
    const lists = await Promise.all(tokens.map((t) => ix.postings(t.term, f)));
    let docs = candidates.filter((d) => lists.every((l) => hasDoc(l.docs, d)));
    if (!docs.length) continue;
    if (key) {
      const whole = await ix.phraseDocs(key, f);
      if (whole) {
        const set = new Set(whole);
        for (const d of docs) if (set.has(d)) out.add(d);
        continue;
      }
    }
    docs = docs.filter((d) => !out.has(d));
    if (!docs.length) continue;
    const pos = await Promise.all(tokens.map((t) => ix.positions(t.term, f, docs)));
    for (const d of docs) {
      const first = pos[0].get(d) || [];
      const sets = pos.map((pm) => new Set(pm.get(d) || []));
      if (first.some((p0) => sets.every((s, i) => s.has(p0 + rel[i])))) out.add(d);
    }
  }
  return out;
}

/** wholeKey is the term-shard key of a phrase indexed whole, or null. */
function wholeKey(tokens) {
  if (tokens.length < 2) return null;
  let key = '"';
  for (let i = 0; i < tokens.length; i++) {
    const rs = Array.from(tokens[i].term);
    if (rs.length !== 2 || tokens[i].position !== tokens[0].position + i) return null;
    key += i === 0 ? tokens[i].term : rs[1];
  }
  return key;
}

function hasDoc(sorted, d) {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === d) return true;
    if (sorted[mid] < d) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

/** filterMatches reports whether doc d passes a filter or range clause. */
function filterMatches(c, table, d) {
  if (c.kind === RANGE) {
    const ys = table.facets.year[d];
    if (!ys.length) return false;
    const y = parseInt(ys[0], 10);
    return (c.from === 0 || y >= c.from) && (c.to === 0 || y <= c.to);
  }
  return (table.facets[c.field][d] || []).includes(c.value);
}

/**
 * search answers query q over the export read by ix, as `casebook search
 * --json` does: {query, total, hits, facets}. Hits carry the doc number n;
 * snippets are cut for hits [from, from+size) only.
 * @param {StaticIndex} ix
 * @param {string} q
 * @param {{sort?: 'relevance'|'date', from?: number, size?: number, snippets?: boolean}} [opts]
 */
export async function search(ix, q, opts = {}) {
  const { sort = 'relevance', from = 0, size = PAGE, snippets = true } = opts;
  const m = await ix.manifest();
  const [table, queryFold] = await Promise.all([ix.table(), ix.foldFor(q)]);
  const query = parseQuery(q, queryFold);
  let fold = queryFold;
  const all = Array.from({ length: table.n }, (_, i) => i);

  const positives = [], negatives = [];
  for (const c of query.clauses) {
    if (!isText(c)) continue;
    const p = await plan(c, fold, m, ix);
    if (p) (c.negated ? negatives : positives).push(p);
  }
  // Snippets look for Traditional spellings of the folded terms too.
  fold = await ix.foldFor(positives.map((p) => p.tokens.map((t) => t.term).join('')).join(''));

  // 1. Candidates and their scores, as bleve computes them.
  let scores;
  if (positives.length) {
    const root = { type: 'conj', children: positives.map((p) => p.node) };
    await prepare(root, ix);
    setQueryNorm(root, 1 / Math.sqrt(weight(root)));
    scores = run(root, all);
    for (const [d, s] of scores) scores.set(d, roundScore(s));
  } else {
    scores = new Map(all.map((d) => [d, 0]));
  }

  let hits = [...scores.keys()];
  for (const c of query.clauses) {
    if (c.kind === FILTER || c.kind === RANGE) hits = hits.filter((d) => filterMatches(c, table, d) !== c.negated);
  }
  // 2. Phrases must hold in some field; exclusions remove their docs.
  for (const p of positives) {
    if (p.char || p.tokens.length < 2) continue;
    const ok = await phraseDocs(ix, m, p, hits);
    hits = hits.filter((d) => ok.has(d));
  }
  for (const p of negatives) {
    await prepare(p.node, ix);
    setQueryNorm(p.node, 1);
    const matched = run(p.node, all);
    let bad = hits.filter((d) => matched.has(d));
    if (!p.char && p.tokens.length > 1) bad = [...await phraseDocs(ix, m, p, bad)];
    const drop = new Set(bad);
    hits = hits.filter((d) => !drop.has(d));
  }

  // Only the requested page needs ordering: select the best from+size hits
  // (by score, then doc number, which is newest first) instead of sorting all.
  const want = Math.min(hits.length, from + size);
  let page;
  if (sort === 'date') {
    page = selectTop(hits, want, (a, b) => a - b);
  } else {
    const sc = new Float64Array(table.n);
    for (const d of hits) sc[d] = scores.get(d);
    page = selectTop(hits, want, (a, b) => sc[b] - sc[a] || a - b);
  }
  page = page.slice(from, from + size);

  const facets = {};
  for (const f of FILTER_FIELDS) {
    const counts = new Map();
    const column = table.facets[f];
    for (const d of hits) {
      const vs = column[d];
      if (vs) for (const v of vs) counts.set(v, (counts.get(v) || 0) + 1);
    }
    facets[f] = [...counts].map(([term, count]) => ({ term, count }))
      .sort((a, b) => b.count - a.count || compareCodePoints(a.term, b.term));
  }

  const body = m.fields.indexOf('body');
  const bodyLists = await Promise.all(positives.map((p) => Promise.all(p.bodyTerms.map((t) => ix.postings(t, body)))));
  const out = await Promise.all(page.map(async (d) => {
    const t = await ix.text(d);
    let parts = [];
    if (snippets) {
      // Can the body match? Every token of a term (any term holding the character) must be in it.
      const mayMatch = positives.some((p, i) => (p.char
        ? bodyLists[i].some((l) => hasDoc(l.docs, d))
        : bodyLists[i].every((l) => hasDoc(l.docs, d))));
      let k = 0;
      const more = t.more ? async () => (++k <= t.more ? (await ix.file(m.text.replace('{n}', `${d}-${k}`))).body : null) : null;
      parts = await makeSnippet({ summary: t.summary, body: t.body || '' }, positives, fold, more, mayMatch);
    }
    return {
      n: d, id: t.id, section: t.section, title: t.title, url: t.url, date: t.date,
      score: scores.get(d), snippet: partsHTML(parts), parts,
    };
  }));
  return { query: q, total: hits.length, hits: out, facets };
}

/**
 * selectTop returns the k first items of list in the order of cmp, sorted;
 * for a page of results out of thousands it keeps a small sorted buffer
 * instead of sorting everything.
 */
function selectTop(list, k, cmp) {
  if (k <= 0) return [];
  if (k * 8 >= list.length) return [...list].sort(cmp).slice(0, k);
  const top = [];
  for (const x of list) {
    if (top.length === k && cmp(x, top[k - 1]) >= 0) continue;
    let lo = 0, hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(x, top[mid]) < 0) hi = mid; else lo = mid + 1;
    }
    top.splice(lo, 0, x);
    if (top.length > k) top.pop();
  }
  return top;
}

/** roundScore is the Go side's roundScore: 6 decimals. */
export function roundScore(s) {
  if (!Number.isFinite(s)) return 0;
  return Math.round(s * 1e6) / 1e6;
}

/** compareCodePoints orders strings as Go's strings.Compare (UTF-8 bytes). */
function compareCodePoints(a, b) {
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

// ---- the preview server ----

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'" };

/** unescapeHTML reverses Go's html.EscapeString. */
const unescapeHTML = (s) => s.replace(/&(amp|lt|gt|quot|#34|#39);/g, (_, e) => ENTITIES[e]);

/**
 * snippetParts turns a snippet as the Go side writes it (escaped text,
 * matches in <mark>) into parts [{text, mark}], so that the page inserts
 * text, never markup.
 */
export function snippetParts(html) {
  const parts = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > at) parts.push({ text: unescapeHTML(html.slice(at, m.index)), mark: false });
    parts.push({ text: unescapeHTML(m[1]), mark: true });
    at = m.index + m[0].length;
  }
  if (at < html.length) parts.push({ text: unescapeHTML(html.slice(at)), mark: false });
  return parts;
}

/**
 * apiSearch asks the preview server (GET api?q=…&sort=…&limit=…&offset=…,
 * the JSON of `casebook search --json`) and answers as search does.
 * fetchFn defaults to the global fetch.
 * @param {string|URL} api
 * @param {string} q
 * @param {{sort?: 'relevance'|'date', from?: number, size?: number}} [opts]
 */
export async function apiSearch(api, q, opts = {}, fetchFn = fetch) {
  const { sort = 'relevance', from = 0, size = PAGE } = opts;
  const u = new URL(api, typeof document === 'undefined' ? 'http://localhost/' : document.baseURI);
  u.searchParams.set('q', q);
  u.searchParams.set('sort', sort);
  u.searchParams.set('limit', String(size));
  if (from) u.searchParams.set('offset', String(from));
  const res = await fetchFn(u.href, { headers: { Accept: 'application/json' } });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${u.pathname}: HTTP ${res.status}`);
  }
  if (!res.ok || body.error) {
    // A malformed query is the server's 400: its message says what is wrong.
    if (res.status === 400 && body.error) {
      const err = new QueryError(0, '');
      err.message = body.error;
      throw err;
    }
    throw new Error(body.error || `${u.pathname}: HTTP ${res.status}`);
  }
  const facets = {};
  for (const f of FILTER_FIELDS) facets[f] = (body.facets && body.facets[f]) || [];
  const hits = (body.hits || []).map((h) => ({ ...h, parts: snippetParts(h.snippet || '') }));
  return { query: body.query ?? q, total: body.total || 0, hits, facets };
}

// ---- the search page ----

const SECTION_NAMES = { policies: '法规政策', rules: '地方细则', cases: '典型案例' };
const FACET_NAMES = {
  section: '栏目', categories: '救助类别', groups: '救助对象', methods: '救助方式',
  region: '地区', court_level: '法院层级', stage: '程序阶段', year: '年份',
};

/** addFilter appends field:value to a query, quoting values with spaces or quotes. */
export function addFilter(q, field, value) {
  const v = /[\s"“”]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
  const clause = `${field}:${v}`;
  const trimmed = q.trim();
  if (trimmed.split(/\s+/).includes(clause)) return trimmed;
  return trimmed ? `${trimmed} ${clause}` : clause;
}

function el(tag, props = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k) e.append(k);
  return e;
}

/**
 * init wires the search page inside root (the element with
 * data-search-index). When root carries data-search-api (a preview build),
 * the preview server answers instead of the static export.
 */
export function init(root) {
  const api = root.dataset.searchApi;
  const base = new URL(root.dataset.searchIndex, document.baseURI);
  const ix = new StaticIndex(async (path) => {
    const res = await fetch(new URL(path, base));
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return path.endsWith('.bin') ? new Uint8Array(await res.arrayBuffer()) : res.json();
  });
  const ask = (q, opts) => (api ? apiSearch(api, q, opts) : search(ix, q, opts));
  const form = root.querySelector('form');
  const input = form.querySelector('input[name=q]');
  const sortSel = form.querySelector('select[name=sort]');
  const status = root.querySelector('[data-search-status]');
  const list = root.querySelector('[data-search-hits]');
  const more = root.querySelector('[data-search-more]');
  const facetsBox = root.querySelector('[data-search-facets]');
  let current = null; // {q, sort, answer, shown}
  let seq = 0;

  const params = () => {
    const u = new URL(location.href);
    return { q: u.searchParams.get('q') || '', sort: u.searchParams.get('sort') === 'date' ? 'date' : 'relevance' };
  };

  async function show(q, sort) {
    const my = ++seq;
    input.value = q;
    if (sortSel) sortSel.value = sort;
    list.replaceChildren();
    facetsBox.replaceChildren();
    more.hidden = true;
    status.removeAttribute('role');
    if (!q.trim()) {
      status.textContent = '';
      return;
    }
    root.setAttribute('aria-busy', 'true');
    status.textContent = '检索中…';
    try {
      const answer = await ask(q, { sort, from: 0, size: PAGE });
      if (my !== seq) return;
      current = { q, sort, answer, shown: answer.hits.length };
      status.textContent = answer.total ? `共 ${answer.total} 条结果` : '没有找到匹配的条目。';
      renderHits(answer.hits);
      renderFacets(answer.facets, q);
      more.hidden = current.shown >= answer.total;
    } catch (err) {
      if (my !== seq) return;
      status.setAttribute('role', 'alert');
      status.textContent = err instanceof QueryError ? err.message : `检索失败：${err.message}`;
    } finally {
      if (my === seq) root.setAttribute('aria-busy', 'false');
    }
  }

  function renderHits(hits) {
    for (const h of hits) {
      const snip = el('p', { class: 'entry-item-summary' });
      for (const p of h.parts) snip.append(p.mark ? el('mark', { text: p.text }) : document.createTextNode(p.text));
      list.append(el('li', { class: 'entry-item' },
        el('h3', { class: 'entry-item-title' }, el('a', { href: h.url, text: h.title })),
        el('p', { class: 'entry-item-meta' },
          el('span', { class: 'badge', text: SECTION_NAMES[h.section] || h.section }),
          document.createTextNode(h.date ? ` ${h.date}` : '')),
        snip));
    }
  }

  function renderFacets(facets, q) {
    for (const f of FILTER_FIELDS) {
      const values = facets[f] || [];
      if (!values.length) continue;
      const ul = el('ul', { class: 'term-tree' });
      for (const v of values) {
        const nq = addFilter(q, f, v.term);
        const u = new URL(location.href);
        u.searchParams.set('q', nq);
        const a = el('a', { href: u.pathname + u.search, 'data-q': nq, text: f === 'section' ? SECTION_NAMES[v.term] || v.term : v.term });
        ul.append(el('li', {}, a, document.createTextNode(' '), el('span', { class: 'count', text: `(${v.count})` })));
      }
      facetsBox.append(el('section', {}, el('h3', { text: FACET_NAMES[f] || f }), ul));
    }
  }

  function navigate(q, sort) {
    const u = new URL(location.href);
    u.searchParams.set('q', q);
    if (sort === 'date') u.searchParams.set('sort', 'date'); else u.searchParams.delete('sort');
    if (u.href !== location.href) history.pushState(null, '', u);
    show(q, sort);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(input.value, sortSel ? sortSel.value : 'relevance');
  });
  if (sortSel) sortSel.addEventListener('change', () => navigate(input.value, sortSel.value));
  facetsBox.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-q]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(a.dataset.q, sortSel ? sortSel.value : 'relevance');
    input.focus();
  });
  more.addEventListener('click', async () => {
    if (!current) return;
    const { q, sort } = current;
    const answer = await ask(q, { sort, from: current.shown, size: PAGE });
    if (!current || current.q !== q) return;
    const firstNew = list.children.length;
    renderHits(answer.hits);
    current.shown += answer.hits.length;
    more.hidden = current.shown >= answer.total;
    const link = list.children[firstNew] && list.children[firstNew].querySelector('a');
    if (link) link.focus();
  });
  window.addEventListener('popstate', () => { const p = params(); show(p.q, p.sort); });
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  const p = params();
  show(p.q, p.sort);
}

if (typeof document !== 'undefined') {
  const root = document.querySelector('[data-search-index]');
  if (root) init(root);
}
