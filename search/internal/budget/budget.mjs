// Measures what the browser runtime fetches per query, gzip-compressed as a
// static host serves it: node budget.mjs EXPORT_DIR JS_DIR QUERIES.json
//
// "first" answers each query from a cold page (the runtime's modules
// included); "later" answers the queries in turn on one warm page.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const [dir, jsDir, queriesFile] = process.argv.slice(2);
const { search, StaticIndex } = await import(path.join(jsDir, 'search.js'));
const queries = JSON.parse(await readFile(queriesFile, 'utf8'));
const modules = ['search.js', 'search-analysis.js', 'search-query.js', 'search-engine.js', 'search-snippet.js', 'search-wordbreak.js'];

const gz = async (file) => gzipSync(await readFile(file), { level: 6 }).length;
let moduleBytes = 0;
for (const m of modules) moduleBytes += await gz(path.join(jsDir, m));

function page() {
  const log = [];
  const ix = new StaticIndex(async (p) => {
    const file = path.join(dir, p);
    const data = await readFile(file);
    log.push({ path: p, gzip: gzipSync(data, { level: 6 }).length });
    return JSON.parse(data.toString('utf8'));
  });
  return { ix, log };
}

const sum = (log) => log.reduce((n, e) => n + e.gzip, 0);
const kinds = (log) => {
  const k = {};
  for (const e of log) {
    const kind = e.path.split('/')[0].replace(/\.json$/, '');
    k[kind] = (k[kind] || 0) + e.gzip;
  }
  return k;
};
const first = [];
for (const q of queries) {
  const { ix, log } = page();
  const t0 = performance.now();
  const a = await search(ix, q, { size: 10 });
  first.push({ query: q, total: a.total, files: log.length, bytes: moduleBytes + sum(log), ms: performance.now() - t0, kinds: kinds(log) });
}
const later = [];
const warm = page();
await search(warm.ix, queries[0], { size: 10 });
for (const q of queries.slice(1)) {
  const before = warm.log.length;
  const t0 = performance.now();
  const a = await search(warm.ix, q, { size: 10 });
  const log = warm.log.slice(before);
  later.push({ query: q, total: a.total, files: log.length, bytes: sum(log), ms: performance.now() - t0, kinds: kinds(log) });
}
// The time a query takes once its data has arrived: the same query again on
// the warm page, which fetches nothing more.
const answer = [];
for (const q of queries) {
  const t0 = performance.now();
  await search(warm.ix, q, { size: 10 });
  answer.push({ query: q, ms: performance.now() - t0 });
}
process.stdout.write(JSON.stringify({ moduleBytes, first, later, answer }));
