// Tests of the static search runtime: node --test themes/default/static/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm, access } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, parseFold, parseQuery, QueryError, search, StaticIndex, makeSnippet, addFilter, roundScore, apiSearch, snippetParts } from './search.js';
import { fnv1a32, decodeDocList } from './search-engine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '../../../..');
const vectorsFile = path.join(repo, 'search/testdata/analysis/vectors.json');

async function foldTable() {
  const text = await readFile(path.join(repo, 'search/data/TSCharacters.txt'), 'utf8');
  let pairs = '';
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const [a, b] = line.split('\t');
    pairs += a + b;
  }
  return parseFold(pairs);
}

const exists = (p) => access(p).then(() => true, () => false);

test('analysis matches the shared vectors', async (t) => {
  if (!(await exists(vectorsFile))) {
    t.skip(`${vectorsFile} is missing: it is written by go test ./search/ -run TestAnalysisVectors -update`);
    return;
  }
  const fold = await foldTable();
  const vectors = JSON.parse(await readFile(vectorsFile, 'utf8'));
  assert.ok(vectors.length >= 30, `only ${vectors.length} vectors`);
  for (const v of vectors) {
    assert.deepEqual(analyze(v.input, fold), v.tokens || [], `${v.name}: ${JSON.stringify(v.input)}`);
  }
});

test('analysis', async (t) => {
  const fold = await foldTable();
  const terms = (s) => analyze(s, fold).map((x) => x.term).join(' ');
  const cases = [
    ['bigrams', '先行救助', '先行 行救 救助'],
    ['traditional folds', '孤兒', '孤儿'],
    ['single character', '孤', '孤'],
    ['full-width digits', '（２０２３）', '2023'],
    ['lowercase', 'BM25 Scoring', 'bm25 scoring'],
    ['emoji dropped', '😀孤儿😀', '孤儿'],
    ['punctuation only', '，。！', ''],
    ['dotted capital I as bleve lowers it', 'İ_', 'i\ufffd'],
  ];
  for (const [name, input, want] of cases) {
    await t.test(name, () => assert.equal(terms(input), want));
  }
  await t.test('offsets are UTF-8 bytes', () => {
    assert.deepEqual(analyze('a司法', fold).map((x) => [x.start, x.end]), [[0, 1], [1, 7]]);
  });
});

test('parseQuery', async (t) => {
  const fold = await foldTable();
  const ok = [
    ['terms', '孤儿 先行救助', [{ kind: 'term', negated: false, text: '孤儿', pos: 0 }, { kind: 'term', negated: false, text: '先行救助', pos: 3 }]],
    ['quoted phrase', '"司法 救助"', [{ kind: 'phrase', negated: false, text: '司法 救助', pos: 0 }]],
    ['chinese quotes', '“先行救助”', [{ kind: 'phrase', negated: false, text: '先行救助', pos: 0 }]],
    ['exclusion', '-信访', [{ kind: 'term', negated: true, text: '信访', pos: 0 }]],
    ['filter folds', 'categories:弱勢群體救助', [{ kind: 'filter', negated: false, field: 'categories', value: '弱势群体救助', pos: 0 }]],
    ['full-width colon', 'region：四川', [{ kind: 'filter', negated: false, field: 'region', value: '四川', pos: 0 }]],
    ['year', 'year:2024', [{ kind: 'filter', negated: false, field: 'year', value: '2024', pos: 0 }]],
    ['year range', 'year:2023..2025', [{ kind: 'range', negated: false, field: 'year', from: 2023, to: 2025, pos: 0 }]],
    ['open range', 'year:..2020', [{ kind: 'range', negated: false, field: 'year', from: 0, to: 2020, pos: 0 }]],
    ['quoted value', 'region:"四 川"', [{ kind: 'filter', negated: false, field: 'region', value: '四 川', pos: 0 }]],
    ['empty', '   ', []],
  ];
  for (const [name, q, want] of ok) {
    await t.test(name, () => assert.deepEqual(parseQuery(q, fold).clauses, want));
  }
  const bad = [
    ['unknown field', 'foo:bar', 0, /未知字段 "foo"/],
    ['lone minus', '- 孤儿', 0, /A lone '-'/],
    ['double minus', '--孤儿', 1, /single '-'/],
    ['unterminated quote', '孤儿 "先行', 3, /Unterminated quote/],
    ['empty quotes', '""', 0, /quotes are empty/],
    ['missing value', 'region:', 7, /has no value/],
    ['bad year', 'year:20x4', 5, /Cannot read the year "20x4"/],
    ['reversed range', 'year:2025..2023', 5, /starts after it ends; write year:2023..2025/],
  ];
  for (const [name, q, pos, msg] of bad) {
    await t.test(name, () => {
      assert.throws(() => parseQuery(q, fold), (err) => err instanceof QueryError && err.pos === pos && msg.test(err.message));
    });
  }
});

test('helpers', async (t) => {
  await t.test('fnv1a32', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
  });
  await t.test('decodeDocList', () => {
    let { docs, tfs } = decodeDocList('0,2,a|13(1a)');
    assert.deepEqual([...docs], [0, 3, 14]);
    assert.deepEqual([...tfs], [1, 3, 46]);
    ({ docs, tfs } = decodeDocList('~BQ'));
    assert.deepEqual([...docs], [0, 2]);
    assert.deepEqual([...tfs], [1, 1]);
  });
  await t.test('roundScore', () => assert.equal(roundScore(0.12345678), 0.123457));
  await t.test('addFilter', () => {
    assert.equal(addFilter('孤儿', 'region', '四川'), '孤儿 region:四川');
    assert.equal(addFilter('孤儿 region:四川', 'region', '四川'), '孤儿 region:四川');
    assert.equal(addFilter('', 'groups', '老年 人'), 'groups:"老年 人"');
  });
  await t.test('snippets mark matches and keep the text raw', async () => {
    const fold = await foldTable();
    const matchers = [{ tokens: analyze('先行救助', fold), char: null }];
    const parts = await makeSnippet({ summary: '', body: '<b>申请人</b>獲得先行救助。' }, matchers, fold);
    assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ['先行救助']);
    assert.ok(parts.some((p) => p.text.includes('<b>')), 'parts carry raw text; the page inserts it with textContent');
  });
  await t.test('a snippet reads further pieces of the body only as needed', async () => {
    const fold = await foldTable();
    const matchers = [{ tokens: analyze('孤儿', fold), char: null }];
    const pieces = ['甲'.repeat(390), '乙'.repeat(30) + '孤兒' + '丙'.repeat(100), '丁'.repeat(400)];
    let fetched = 0;
    const more = async () => (fetched + 1 < pieces.length ? pieces[++fetched] : null);
    const parts = await makeSnippet({ summary: '摘要', body: pieces[0] }, matchers, fold, more);
    assert.equal(fetched, 1);
    assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ['孤兒']);
    assert.equal(parts[0].text[0], '…');
  });
});

test('search over an export written by the Go side', async (t) => {
  const go = await promisify(execFile)('go', ['version']).then(() => true, () => false);
  if (!go) {
    t.skip('the go command is not available to write an export');
    return;
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'casebook-search-'));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const dir = path.join(tmp, 'search');
  await promisify(execFile)('go', ['run', './search/internal/exporttool', '-docs', 'search/testdata/export/docs.json', '-out', dir], { cwd: repo });
  const ix = new StaticIndex(async (p) => JSON.parse(await readFile(path.join(dir, p), 'utf8')));

  await t.test('Traditional and Simplified find the same entries', async () => {
    const a = await search(ix, '孤兒');
    const b = await search(ix, '孤儿');
    assert.ok(a.total > 0);
    assert.deepEqual(a.hits.map((h) => h.id), b.hits.map((h) => h.id));
    assert.equal(a.hits[0].id, 'orphan-joint-aid');
    assert.match(a.hits[0].snippet, /<mark>孤兒<\/mark>/);
    assert.ok(a.hits.every((h) => h.snippet !== ''), 'every hit has a snippet');
  });
  await t.test('a single character finds the words that contain it', async () => {
    const a = await search(ix, '孤');
    assert.ok(a.hits.some((h) => h.id === 'orphan-joint-aid'));
  });
  await t.test('filters and facets', async () => {
    const a = await search(ix, 'region:四川');
    assert.ok(a.total > 0);
    assert.deepEqual(a.facets.region, [{ term: '四川', count: a.total }]);
    const counted = a.facets.section.reduce((n, f) => n + f.count, 0);
    assert.equal(counted, a.total);
  });
  await t.test('exclusion', async () => {
    const all = await search(ix, '救助', { size: 100 });
    const without = await search(ix, '救助 -孤儿', { size: 100 });
    assert.ok(without.total < all.total);
    assert.ok(!without.hits.some((h) => h.id === 'orphan-joint-aid'));
  });
  await t.test('sort by date', async () => {
    const a = await search(ix, '救助', { sort: 'date', size: 100 });
    const dates = a.hits.map((h) => h.date);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });
  await t.test('no hits', async () => {
    const a = await search(ix, '不存在的词语');
    assert.equal(a.total, 0);
    assert.deepEqual(a.hits, []);
  });
  await t.test('malformed queries say what is wrong', async () => {
    await assert.rejects(search(ix, 'year:2025..2023'), /starts after it ends/);
  });
});

test('the search page fragment holds what the runtime needs', async () => {
  const html = await readFile(path.join(here, '../../layouts/search-app.html'), 'utf8');
  for (const want of [
    '{{define "search-app"}}', 'type="search" name="q"', 'type="submit"', 'aria-live=',
    'data-search-index="{{.Index}}"', '{{with .API}} data-search-api="{{.}}"{{end}}', 'data-search-hits', 'data-search-facets', 'data-search-status',
    'data-search-more', '<script type="module" src="{{.Static}}js/search.js"></script>', '{{end}}',
  ]) {
    assert.ok(html.includes(want), `search-app.html lacks ${want}`);
  }
});

test('the preview server answers when the page names it', async (t) => {
  await t.test('snippetParts reads the Go side\'s snippet HTML', () => {
    assert.deepEqual(snippetParts('…&lt;b&gt; <mark>孤兒</mark> &amp; <mark>先行救助</mark>&#34;'), [
      { text: '…<b> ', mark: false }, { text: '孤兒', mark: true }, { text: ' & ', mark: false },
      { text: '先行救助', mark: true }, { text: '"', mark: false },
    ]);
    assert.deepEqual(snippetParts(''), []);
  });
  await t.test('apiSearch asks with q, sort, limit and offset', async () => {
    let asked;
    const fetchFn = async (url) => {
      asked = new URL(url);
      return {
        ok: true, status: 200,
        json: async () => ({
          query: '孤儿', total: 12,
          hits: [{ id: 'a', section: 'cases', title: 'A', url: '/kb/cases/a/', date: '2024-01-02', score: 1.5, snippet: '<mark>孤儿</mark>' }],
          facets: { section: [{ term: 'cases', count: 12 }], year: null },
        }),
      };
    };
    const a = await apiSearch('/api/search', '孤儿', { sort: 'date', from: 10, size: 10 }, fetchFn);
    assert.equal(asked.pathname, '/api/search');
    assert.deepEqual(Object.fromEntries(asked.searchParams), { q: '孤儿', sort: 'date', limit: '10', offset: '10' });
    assert.equal(a.total, 12);
    assert.deepEqual(a.hits[0].parts, [{ text: '孤儿', mark: true }]);
    assert.deepEqual(a.facets.section, [{ term: 'cases', count: 12 }]);
    assert.deepEqual(a.facets.year, []);
    assert.deepEqual(a.facets.region, []);
  });
  await t.test('a malformed query is a QueryError with the server\'s message', async () => {
    const fetchFn = async () => ({ ok: false, status: 400, json: async () => ({ error: '查询有误（第 6 个字符）query error at character 6: x' }) });
    await assert.rejects(apiSearch('/api/search', 'year:2025..2023', {}, fetchFn),
      (err) => err instanceof QueryError && /第 6 个字符/.test(err.message));
  });
  await t.test('a server failure is an error', async () => {
    const fetchFn = async () => ({ ok: false, status: 503, json: async () => ({ error: 'the site has not been built yet' }) });
    await assert.rejects(apiSearch('/api/search', '孤儿', {}, fetchFn), (err) => !(err instanceof QueryError) && /not been built/.test(err.message));
  });
});
