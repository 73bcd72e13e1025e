// Reading the static export and scoring as bleve 2.6 scores (BM25).
//
// The export (written by the Go package casebook/search, export*.go):
//   manifest.json     version, doc count, BM25 statistics, dictionaries, shard scheme
//   fold.json         {"pairs": "萬万與与…"}: Traditional → Simplified, pairwise
//   fold/XX.json      the same by blocks of 256 code points: {"f": pairs by source, "i": by target}
//   docs/stats.json   per doc: date, field lengths, facet values (columns)
//   terms/XX.json     {term: {fieldIndex: postings}}, {"\"phrase": {fieldIndex: docs}};
//                     a large entry is a number k, the entry being in terms/XX-k.json
//   chars/XX.json     {"~c": {t: [terms containing the character c], p: {term: entry}}},
//                     large entries as in terms/
//   pos/B/XX.json     {term: {fieldIndex: "doc:pos.pos,…"}} for docs of block B
//   text/N.json       {id, section, title, url, date, summary, body?, more}; with
//                     more = 1 the body is text/N-1.json {body}
// Doc numbers follow "date desc, id asc"; lists are base-36 deltas.

/** BM25 constants of bleve (search.BM25_k1, search.BM25_b). */
const K1 = 1.2, B = 0.75;

/** fnv1a32 of the UTF-8 bytes of s. */
export function fnv1a32(s) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** shardKey is the key whose hash places a term-shard entry. */
function shardKey(key) {
  if (key.startsWith('"')) return Array.from(key.slice(1)).slice(0, 2).join('');
  if (key.startsWith('~')) return key.slice(1);
  return key;
}

const hexName = (n, count) => n.toString(16).padStart(Math.max(count - 1, 1).toString(16).length, '0');

const TF_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * decodeDocList reads a posting list "DOCS[|TFS]" into {docs, tfs}: DOCS is
 * base-36 deltas "d,d,…" or "~" and a base64url bitmap; TFS one digit of
 * TF_DIGITS per doc, or "(base 36)"; absent when every tf is 1.
 */
export function decodeDocList(s) {
  if (!s) return { docs: new Int32Array(0), tfs: new Int32Array(0) };
  const bar = s.indexOf('|');
  const docsPart = bar < 0 ? s : s.slice(0, bar);
  const list = [];
  if (docsPart[0] === '~') {
    let bit = 0, byte = 0, n = 0;
    for (const c of docsPart.slice(1)) {
      byte = (byte << 6) | B64.indexOf(c);
      bit += 6;
      while (bit >= 8) {
        bit -= 8;
        const v = (byte >> bit) & 0xff;
        for (let k = 0; k < 8; k++) if (v & (1 << k)) list.push(n + k);
        n += 8;
      }
    }
  } else {
    let last = -1;
    for (const p of docsPart.split(',')) {
      last += parseInt(p, 36) + 1;
      list.push(last);
    }
  }
  const docs = Int32Array.from(list);
  const tfs = new Int32Array(docs.length).fill(1);
  if (bar >= 0) {
    const t = s.slice(bar + 1);
    for (let i = 0, k = 0; i < t.length && k < tfs.length; k++) {
      if (t[i] === '(') {
        const close = t.indexOf(')', i);
        tfs[k] = parseInt(t.slice(i + 1, close), 36);
        i = close + 1;
      } else {
        tfs[k] = TF_DIGITS.indexOf(t[i]);
        i++;
      }
    }
  }
  return { docs, tfs };
}

/** decodeColumn reads a fixed column "=w" + w base64url digits per value. */
function decodeColumn(s, n) {
  const out = new Array(n).fill(0);
  if (s[0] !== '=') return out;
  const w = s.charCodeAt(1) - 48;
  for (let i = 0, p = 2; i < n && p < s.length; i++) {
    let v = 0;
    for (let k = 0; k < w; k++) v = v * 64 + B64.indexOf(s[p++]);
    out[i] = v;
  }
  return out;
}

/**
 * StaticIndex reads an export through load(path) → Promise of parsed JSON
 * (fetch in the browser, the file system in tests). Every file is fetched
 * at most once.
 */
export class StaticIndex {
  constructor(load) {
    this.load = load;
    this.files = new Map();
    this.decoded = new Map();
  }

  file(path) {
    if (!this.files.has(path)) {
      const p = this.load(path);
      this.files.set(path, p);
      p.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  async manifest() {
    const m = await this.file('manifest.json');
    if (m.version !== 2) throw new Error(`search index version ${m.version} is not supported`);
    return m;
  }

  /** table decodes docs/stats.json once. */
  async table() {
    if (this.tableCache) return this.tableCache;
    const m = await this.manifest();
    const raw = await this.file(m.docTable);
    const n = m.docs;
    const days = new Array(n).fill(null);
    let prev = 0, first = true;
    raw.date.split(',').forEach((v, i) => {
      if (v === '-' || v === '') return;
      const d = parseInt(v, 36);
      prev = first ? d : prev - d;
      first = false;
      days[i] = prev;
    });
    const lens = m.fields.map((f) => Int32Array.from(decodeColumn(raw.len[f] || '', n), (v) => (typeof v === 'number' ? v : 0)));
    const facets = {};
    for (const f of m.facets) {
      if (f === 'year') {
        facets.year = days.map((d) => (d === null ? [] : [String(new Date(d * 86400000).getUTCFullYear()).padStart(4, '0')]));
        continue;
      }
      const dict = m.dict[f] || [];
      const col = raw.facets[f] || '';
      if (col[0] === '=') {
        facets[f] = decodeColumn(col, n).map((v) => (v > 0 ? [dict[v - 1]] : []));
      } else {
        facets[f] = col.split(',').map((v) => (v === '' ? [] : v.split('.').map((x) => dict[parseInt(x, 36)])));
      }
      while (facets[f].length < n) facets[f].push([]);
    }
    this.tableCache = { n, days, lens, facets };
    return this.tableCache;
  }

  /** entry returns the term-shard entry for key, or undefined. */
  async entry(key) {
    if (this.inline && this.inline.has(key)) return this.inline.get(key);
    const m = await this.manifest();
    const dir = key.startsWith('~') ? 'chars' : 'terms';
    const count = m[dir].shards;
    const shard = fnv1a32(shardKey(key)) % count;
    const name = hexName(shard, count);
    const data = await this.file(`${dir}/${name}.json`);
    const e = data[key];
    // A large entry lives in a file of its own; the shard holds its number.
    if (typeof e === 'number') return (await this.file(`${dir}/${name}-${e}.json`))[key];
    return e;
  }

  /** postings returns {docs, tfs} of term in field index f (empty when absent). */
  async postings(term, f) {
    const id = `p\u0000${term}\u0000${f}`;
    if (!this.decoded.has(id)) {
      const e = await this.entry(term);
      this.decoded.set(id, decodeDocList(e && e[f]));
    }
    return this.decoded.get(id);
  }

  /** phraseDocs returns the docs containing the phrase (key "…) in field f, or null when it is not indexed whole. */
  async phraseDocs(key, f) {
    const e = await this.entry(key);
    if (!e) return null;
    return decodeDocList(e[f]).docs;
  }

  /** charTerms lists the indexed terms that contain the character c. */
  async charTerms(c) {
    const e = await this.entry('~' + c);
    if (!e) return [];
    if (!this.inline) this.inline = new Map();
    for (const [term, entry] of Object.entries(e.p || {})) this.inline.set(term, entry);
    return e.t;
  }

  /** positions returns Map doc → positions of term in field f, for the given docs. */
  async positions(term, f, docs) {
    const m = await this.manifest();
    const per = m.pos.blockDocs, count = m.pos.shards;
    const blocks = [...new Set(Array.from(docs, (d) => Math.floor(d / per)))];
    const shard = hexName(fnv1a32(term) % count, count);
    const out = new Map();
    await Promise.all(blocks.map(async (b) => {
      let data;
      try {
        data = await this.file(`pos/${b}/${shard}.json`);
      } catch {
        return; // no term of this shard in the block
      }
      const list = data[term] && data[term][f];
      if (!list) return;
      let doc = b * per - 1;
      let base = -1;
      for (const entry of list.split(',')) {
        const [rel, ps] = entry.split(':');
        doc = b * per + parseInt(rel, 36);
        base = 0;
        const arr = ps.split('.').map((x) => (base += parseInt(x, 36)));
        out.set(doc, arr);
      }
    }));
    return out;
  }

  text(n) {
    return this.manifest().then((m) => this.file(m.text.replace('{n}', String(n))));
  }

  /**
   * foldFor returns a fold map that is exact for the characters of text and
   * for every character that folds to one of them, fetching only their
   * blocks of the table (fold/XX.json). Maps grow as queries need more.
   */
  async foldFor(text) {
    const m = await this.manifest();
    if (!this.foldMap) this.foldMap = new Map();
    if (!m.foldBlocks) {
      // an export without blocks: the whole table
      const raw = await this.file(m.fold);
      addPairs(this.foldMap, raw.pairs);
      return this.foldMap;
    }
    const have = new Set(m.foldBlocks);
    const blocks = new Set();
    for (const ch of text) {
      const b = (ch.codePointAt(0) >> 8).toString(16);
      if (have.has(b)) blocks.add(b);
    }
    const files = await Promise.all([...blocks].map((b) => this.file(`fold/${b}.json`)));
    for (const f of files) {
      if (f.f) addPairs(this.foldMap, f.f);
      if (f.i) addPairs(this.foldMap, f.i);
    }
    return this.foldMap;
  }
}

function addPairs(map, pairs) {
  const cps = Array.from(pairs, (c) => c.codePointAt(0));
  for (let i = 0; i + 1 < cps.length; i += 2) map.set(cps[i], cps[i + 1]);
}

// ---- bleve's searchers, evaluated over whole posting lists ----
//
// A node is {type: 'term', field, term, boost} | {type: 'conj', children} |
// {type: 'disj', children, min} | {type: 'bool', must, should, mustNot}.
// prepare() fetches statistics; weight() and the query norm follow bleve's
// computeQueryNorm: the outermost compound searcher's norm, 1/sqrt(sum of
// squared weights), is pushed down to every term; run() returns Map doc → score.

/** prepare loads what scoring needs for every term node. */
export async function prepare(node, ix) {
  const m = await ix.manifest();
  const table = await ix.table();
  const walk = async (n) => {
    if (n.type === 'term') {
      const f = m.fields.indexOf(n.field);
      n.f = f;
      n.post = await ix.postings(n.term, f);
      const docTotal = m.bm25.docCount;
      const avg = m.bm25.avgLen[n.field] || 0;
      const df = n.post.docs.length;
      n.avg = avg;
      n.idf = avg > 0
        ? Math.log(1 + (docTotal - df + 0.5) / (df + 0.5))
        : 1.0 + Math.log(docTotal / (df + 1.0));
      n.lens = table.lens[f];
      return;
    }
    for (const c of children(n)) await walk(c);
  };
  await walk(node);
}

function children(n) {
  if (n.type === 'bool') return [n.must, n.should, n.mustNot].filter(Boolean);
  if (n.type === 'none') return [];
  return n.children || [];
}

/** weight is bleve's Searcher.Weight. */
export function weight(n) {
  if (n.type === 'none') return 0;
  if (n.type === 'term') {
    const w = (n.boost ?? 1) * n.idf;
    return w * w;
  }
  if (n.type === 'bool') {
    let w = 0;
    if (n.must) w += weight(n.must);
    if (n.should) w += weight(n.should);
    return w;
  }
  let w = 0;
  for (const c of n.children) w += weight(c);
  return w;
}

/** setQueryNorm pushes a query norm down, as bleve's SetQueryNorm does. */
export function setQueryNorm(n, norm) {
  if (n.type === 'none') return;
  if (n.type === 'term') {
    n.queryWeight = (n.boost ?? 1) * n.idf * norm;
    return;
  }
  if (n.type === 'bool') {
    if (n.must) setQueryNorm(n.must, norm);
    if (n.should) setQueryNorm(n.should, norm);
    return;
  }
  for (const c of n.children) setQueryNorm(c, norm);
}

/** termScores scores one term node over its postings. */
function termScores(n) {
  const out = new Map();
  const { docs, tfs } = n.post;
  for (let i = 0; i < docs.length; i++) {
    const tf = Math.sqrt(tfs[i]);
    let score;
    if (n.avg > 0) {
      const norm = Math.fround(1 / Math.sqrt(n.lens[docs[i]]));
      const fieldLength = 1 / (norm * norm);
      score = n.idf * (tf * K1) / (tf + K1 * (1 - B + (B * fieldLength / n.avg)));
    } else {
      score = tf * Math.fround(1 / Math.sqrt(n.lens[docs[i]])) * n.idf;
    }
    if (n.queryWeight !== 1.0) score = score * n.queryWeight;
    out.set(docs[i], score);
  }
  return out;
}

/** count is bleve's Searcher.Count for ordering children. */
function count(n) {
  if (n.type === 'none') return 0;
  if (n.type === 'term') return n.post.docs.length;
  if (n.type === 'bool') return 0;
  let c = 0;
  for (const ch of n.children) c += count(ch);
  return c;
}

/** sortedChildren orders children by Count, as OrderedSearcherList does. */
function sortedChildren(n) {
  return n.children.map((c, i) => [count(c), i, c]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

/** run evaluates a prepared node into Map doc → score. */
export function run(n, allDocs) {
  if (n.type === 'none') return new Map();
  if (n.type === 'term') return termScores(n);
  if (n.type === 'conj') {
    const kids = sortedChildren(n).map((c) => run(c, allDocs));
    if (!kids.length) return new Map();
    const out = new Map();
    for (const [doc] of kids[0]) {
      let sum = 0, ok = true;
      for (const k of kids) {
        const s = k.get(doc);
        if (s === undefined) { ok = false; break; }
        sum += s;
      }
      if (ok) out.set(doc, sum);
    }
    return out;
  }
  if (n.type === 'disj') {
    const kids = sortedChildren(n).map((c) => run(c, allDocs));
    const min = n.min ?? 0;
    // Sums per doc, added in the children's order as bleve adds them, in
    // arrays indexed by doc number rather than a lookup per doc and child.
    const sum = new Float64Array(allDocs.length);
    const matched = new Uint32Array(allDocs.length);
    const docs = [];
    for (const k of kids) {
      for (const [doc, s] of k) {
        if (matched[doc] === 0) docs.push(doc);
        sum[doc] += s;
        matched[doc]++;
      }
    }
    const out = new Map();
    for (const doc of docs) {
      if (matched[doc] >= min) out.set(doc, sum[doc] * (matched[doc] / kids.length));
    }
    return out;
  }
  if (n.type === 'bool') {
    let base;
    if (n.must) base = run(n.must, allDocs);
    else if (n.should) base = run(n.should, allDocs);
    else base = new Map(allDocs.map((d) => [d, 1.0]));
    if (n.must && n.should) {
      const should = run(n.should, allDocs);
      for (const [doc, s] of base) {
        const t = should.get(doc);
        if (t !== undefined) base.set(doc, s + t);
      }
    }
    if (n.mustNot) for (const [doc] of run(n.mustNot, allDocs)) base.delete(doc);
    return base;
  }
  throw new Error(`unknown node ${n.type}`);
}
