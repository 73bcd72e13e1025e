// Runs the browser search runtime for the Go tests and prints JSON:
//
//   node runtime.mjs analyze INPUTS.json          tokens of each string
//   node runtime.mjs parse QUERIES.json           clauses of each query, or its error
//   node runtime.mjs query EXPORT_DIR QUERIES.json answers over an export on disk
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const js = path.join(here, '../../../themes/default/static/js');
const { search, analyze, parseQuery, StaticIndex } = await import(path.join(js, 'search.js'));

async function foldTable() {
  const text = await readFile(path.join(here, '../../data/TSCharacters.txt'), 'utf8');
  const fold = new Map();
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const [a, b] = line.split('\t');
    fold.set(a.codePointAt(0), b.codePointAt(0));
  }
  return fold;
}

const [mode, ...args] = process.argv.slice(2);
const out = [];
if (mode === 'analyze') {
  const fold = await foldTable();
  for (const s of JSON.parse(await readFile(args[0], 'utf8'))) out.push(analyze(s, fold));
} else if (mode === 'parse') {
  const fold = await foldTable();
  for (const q of JSON.parse(await readFile(args[0], 'utf8'))) {
    try {
      out.push({ clauses: parseQuery(q, fold).clauses });
    } catch (err) {
      out.push({ error: err.message, pos: err.pos });
    }
  }
} else if (mode === 'query') {
  const [dir, file] = args;
  const ix = new StaticIndex(async (p) => JSON.parse(await readFile(path.join(dir, p), 'utf8')));
  for (const q of JSON.parse(await readFile(file, 'utf8'))) {
    try {
      const a = await search(ix, q.query, { sort: q.sort || 'relevance', from: 0, size: q.size || 20 });
      out.push({ query: q.query, total: a.total, hits: a.hits.map((h) => ({ id: h.id, score: h.score, snippet: h.snippet })), facets: a.facets });
    } catch (err) {
      out.push({ query: q.query, error: String(err.message || err) });
    }
  }
} else {
  console.error('usage: node runtime.mjs analyze|parse|query …');
  process.exit(2);
}
process.stdout.write(JSON.stringify(out));
