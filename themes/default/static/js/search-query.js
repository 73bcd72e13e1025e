// The query language, parsed exactly as the Go side's search.ParseQuery
// parses it (same clauses, same error positions and messages).

/** Clause kinds. */
export const TERM = 'term', PHRASE = 'phrase', FILTER = 'filter', RANGE = 'range';

/** Fields field:value may name, in facet order. */
export const FILTER_FIELDS = ['section', 'categories', 'groups', 'methods', 'region', 'court_level', 'stage', 'year'];

/** QueryError is a malformed query; pos is a character offset. */
export class QueryError extends Error {
  constructor(pos, msg) {
    super(`查询有误（第 ${pos + 1} 个字符）query error at character ${pos + 1}: ${msg}`);
    this.name = 'QueryError';
    this.pos = pos;
    this.msg = msg;
  }
}

// unicode.IsSpace.
const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
const isSpace = (ch) => SPACES.has(ch.codePointAt(0));

function closingQuote(ch) {
  if (ch === '"') return '"';
  if (ch === '“') return '”';
  return null;
}

/** goQuote formats s as Go's %q does for printable text. */
function goQuote(s) {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/[\u0000-\u001f\u007f]/g,
    (c) => ({ '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + '"';
}

function readQuoted(rs, open, closeQ) {
  for (let j = open + 1; j < rs.length; j++) {
    if (rs[j] === closeQ || (closeQ === '”' && rs[j] === '"')) {
      return [rs.slice(open + 1, j).join(''), j + 1];
    }
  }
  throw new QueryError(open, `引号没有闭合；请在短语末尾补上 ${closeQ}。 Unterminated quote: add a closing ${closeQ} after the phrase.`);
}

function splitField(word) {
  const m = /[:：]/.exec(word);
  if (!m || m.index <= 0) return null;
  const name = word.slice(0, m.index);
  if (!/^[A-Za-z_]+$/.test(name)) return null;
  return [name.toLowerCase(), word.slice(m.index + 1)];
}

function narrowDigits(s) {
  return Array.from(s, (c) => (/[０-９．]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c)).join('');
}

function year(s) {
  if (!/^[0-9]{4}$/.test(s)) return null;
  const n = parseInt(s, 10);
  return n > 0 ? n : null;
}

/** parseYears reads 2024, 2023..2025, ..2025 or 2023.. ; null when malformed. */
function parseYears(v) {
  v = narrowDigits(v);
  const i = v.indexOf('..');
  if (i < 0) {
    const n = year(v);
    return n === null ? null : { from: n, to: n, isRange: false };
  }
  const a = v.slice(0, i), b = v.slice(i + 2);
  if (a === '' && b === '') return null;
  let from = 0, to = 0;
  if (a !== '' && (from = year(a)) === null) return null;
  if (b !== '' && (to = year(b)) === null) return null;
  return { from, to, isRange: true };
}

const pad4 = (n) => String(n).padStart(4, '0');

function fieldClause(name, value, negated, pos, valuePos, fold) {
  if (!FILTER_FIELDS.includes(name)) {
    throw new QueryError(pos, `未知字段 ${goQuote(name)}；可用的字段有 categories、groups、methods、region、court_level、stage、section、year。若要搜索这个词本身，请加引号。 Unknown field ${goQuote(name)}; use one of categories, groups, methods, region, court_level, stage, section, year, or quote the text to search for it.`);
  }
  if (value === '') {
    throw new QueryError(valuePos, `字段 ${name} 后面缺少值；请写成 ${name}:值，例如 region:四川。 The field ${name} has no value; write ${name}:value, e.g. region:四川.`);
  }
  if (name !== 'year') {
    let v = foldText(value, fold);
    if (name === 'section') v = v.toLowerCase();
    return { kind: FILTER, negated, field: name, value: v, pos };
  }
  const y = parseYears(value);
  if (!y) {
    throw new QueryError(valuePos, `年份 ${goQuote(value)} 无法识别；请写四位年份，如 year:2024，或范围 year:2023..2025（可省略一端，如 year:..2020）。 Cannot read the year ${goQuote(value)}; write a four-digit year such as year:2024, or a range year:2023..2025 (one side may be left out, e.g. year:..2020).`);
  }
  if (!y.isRange) return { kind: FILTER, negated, field: 'year', value: pad4(y.from), pos };
  const { from, to } = y;
  if (from !== 0 && to !== 0 && from > to) {
    throw new QueryError(valuePos, `年份范围 ${from}..${to} 起点晚于终点；请写成 year:${to}..${from}。 The range ${from}..${to} starts after it ends; write year:${to}..${from}.`);
  }
  return { kind: RANGE, negated, field: 'year', from, to, pos };
}

/** foldText folds Traditional characters with the fold map (code points). */
export function foldText(s, fold) {
  if (!fold || !fold.size) return s;
  return Array.from(s, (c) => {
    const to = fold.get(c.codePointAt(0));
    return to === undefined ? c : String.fromCodePoint(to);
  }).join('');
}

/**
 * parseQuery parses the query language into {clauses: [...]}; each clause is
 * {kind, negated, text?, field?, value?, from?, to?, pos}. It throws a
 * QueryError that says what is wrong.
 * @param {string} q
 * @param {Map<number, number>} [fold] folds filter values, as the Go side does
 */
export function parseQuery(q, fold) {
  const rs = Array.from(q);
  const clauses = [];
  let i = 0;
  while (i < rs.length) {
    if (isSpace(rs[i])) { i++; continue; }
    const start = i;
    let negated = false;
    if (rs[i] === '-') {
      negated = true;
      i++;
      if (i === rs.length || isSpace(rs[i])) {
        throw new QueryError(start, '单独的“-”后面缺少要排除的词；请写成 -词语 或 -"短语"，或删去它。 A lone \'-\' has nothing to exclude; write -word or -"phrase", or remove it.');
      }
      if (rs[i] === '-') {
        throw new QueryError(i, '“-”只能出现一次；请写成 -词语。 Write a single \'-\' before the word to exclude, e.g. -word.');
      }
    }
    const closeQ = closingQuote(rs[i]);
    if (closeQ) {
      const [text, next] = readQuoted(rs, i, closeQ);
      i = next;
      if (Array.from(text).every(isSpace)) {
        throw new QueryError(start, '引号里是空的；请在引号中写上短语，或删去这对引号。 The quotes are empty; put a phrase between them or remove them.');
      }
      clauses.push({ kind: PHRASE, negated, text, pos: start });
      continue;
    }
    const wordStart = i;
    while (i < rs.length && !isSpace(rs[i]) && !closingQuote(rs[i])) i++;
    const word = rs.slice(wordStart, i).join('');
    const field = splitField(word);
    if (!field) {
      clauses.push({ kind: TERM, negated, text: word, pos: start });
      continue;
    }
    let [name, value] = field;
    const valuePos = wordStart + Array.from(name).length + 1;
    if (value === '' && i < rs.length && !isSpace(rs[i])) {
      const [text, next] = readQuoted(rs, i, closingQuote(rs[i]));
      value = trimSpace(text);
      i = next;
    } else if (i < rs.length && !isSpace(rs[i])) {
      throw new QueryError(i, '字段值中间不能有引号；请把整个值放进引号：字段:"值"。 A quote cannot start in the middle of a value; quote the whole value: field:"value".');
    }
    clauses.push(fieldClause(name, value, negated, start, valuePos, fold));
  }
  return { clauses };
}

/** trimSpace is strings.TrimSpace. */
function trimSpace(s) {
  const rs = Array.from(s);
  let a = 0, b = rs.length;
  while (a < b && isSpace(rs[a])) a++;
  while (b > a && isSpace(rs[b - 1])) b--;
  return rs.slice(a, b).join('');
}
