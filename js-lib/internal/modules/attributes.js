'use strict';
// Import attributes (`import x from './a.json' with { type: 'json' }`):
// their syntax and Node's checks of them.
//
// V8 10 parses only their older spelling, import assertions (`assert { ... }`
// and `import(x, { assert: { ... } })`), so `with` is rewritten to `assert`
// before compiling: after the specifier string of an import or export
// declaration, and as the first key of import()'s options object literal.
// Strings, comments, template literals and regular expressions are skipped.
// The rewrite lengthens its line by two columns after the keyword.

const { codes } = require('internal/errors');

const mayHaveWith = /\bwith\s*[{:]/;
const identStart = /[A-Za-z_$\u0080-\uffff]/;
const identPart = /[A-Za-z0-9_$\u0080-\uffff]/;
// After these a `/` starts a regular expression, not a division.
const beforeRegExp = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete',
  'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function skipSpace(src, i) {
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (src.startsWith('//', i)) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? src.length : nl;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? src.length : end + 2;
    } else {
      return i;
    }
  }
}

function skipQuoted(src, i) {
  const quote = src[i++];
  while (i < src.length && src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipRegExp(src, i) {
  let inClass = false;
  for (i++; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if ((c === '/' && !inClass) || c === '\n') break;
  }
  i++;
  while (i < src.length && identPart.test(src[i])) i++;
  return i;
}

// Scans a template literal from just after its "`" (or a "}" ending one of
// its substitutions); returns where it continues and whether a
// substitution ("${") opened.
function skipTemplate(src, i) {
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '`') return { i: i + 1, open: false };
    else if (c === '$' && src[i + 1] === '{') return { i: i + 2, open: true };
    else i++;
  }
  return { i, open: false };
}

// The source with each import attributes `with` as `assert`.
function withToAssert(src) {
  if (!mayHaveWith.test(src)) return src;
  const at = []; // offsets of the `with`s to rewrite
  const stack = []; // open brackets: '(', 'import(', '[', '{', '${'
  const prev = ['', '']; // the last two significant tokens (strings are '"')
  const push = (tok) => {
    prev[0] = prev[1];
    prev[1] = tok;
  };
  let i = 0;
  while ((i = skipSpace(src, i)) < src.length) {
    const c = src[i];
    if (c === '"' || c === '\'') {
      i = skipQuoted(src, i);
      push('"');
    } else if (c === '`' || (c === '}' && stack[stack.length - 1] === '${')) {
      if (c === '}') stack.pop();
      const t = skipTemplate(src, i + 1);
      i = t.i;
      if (t.open) stack.push('${');
      else push('`');
    } else if (identStart.test(c)) {
      let j = i + 1;
      while (j < src.length && identPart.test(src[j])) j++;
      const word = src.slice(i, j);
      if (word === 'with' && isAttributesWith(src, j, prev, stack)) at.push(i);
      push(word);
      i = j;
    } else if (c === '/' && isRegExpStart(prev[1])) {
      i = skipRegExp(src, i);
      push('/re/');
    } else {
      if (c === '(') stack.push(prev[1] === 'import' ? 'import(' : '(');
      else if (c === '[' || c === '{') stack.push(c);
      else if (c === ')' || c === ']' || c === '}') stack.pop();
      push(c);
      i++;
    }
  }
  let out = '';
  let last = 0;
  for (const pos of at) {
    out += `${src.slice(last, pos)}assert`;
    last = pos + 4;
  }
  return out + src.slice(last);
}

function isAttributesWith(src, end, prev, stack) {
  const next = src[skipSpace(src, end)];
  // import x from 'a' with { ... } / export * from 'a' with { ... }
  if (prev[1] === '"' && next === '{') return true;
  // import('a', { with: { ... } })
  return next === ':' && prev[1] === '{' && prev[0] === ',' &&
    stack[stack.length - 1] === '{' && stack[stack.length - 2] === 'import(';
}

function isRegExpStart(tok) {
  if (tok === '' || beforeRegExp.has(tok)) return true;
  if (tok === ')' || tok === ']' || tok === '}' || tok === '"' || tok === '`' ||
      tok === '/re/') {
    return false;
  }
  return !identPart.test(tok[0]);
}

// --- Node's checks (lib/internal/modules/esm/assert.js) ----------------------

const kImplicit = 'javascript';
// The `type` each format takes: none for JavaScript and built-ins.
const formatTypes = { __proto__: null, builtin: kImplicit, commonjs: kImplicit, json: 'json',
  module: kImplicit, wasm: kImplicit };
const supportedTypes = ['json'];

function invalidType(url, type) {
  require('internal/validators').validateString(type, 'type');
  if (!supportedTypes.includes(type)) throw new codes.ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED(type);
  throw new codes.ERR_IMPORT_ASSERTION_TYPE_FAILED(url, type);
}

// Throws unless `attributes` fit a module of `format` at `url`.
function validateAttributes(url, format, attributes = { __proto__: null }) {
  const keys = Object.keys(attributes);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== 'type') {
      throw new codes.ERR_IMPORT_ATTRIBUTE_UNSUPPORTED(keys[i], attributes[keys[i]]);
    }
  }
  const valid = formatTypes[format];
  const has = Object.prototype.hasOwnProperty.call(attributes, 'type');
  if (valid === undefined) return;
  if (valid === kImplicit) {
    if (has) invalidType(url, attributes.type);
    return;
  }
  if (attributes.type === valid) return;
  if (!has) throw new codes.ERR_IMPORT_ASSERTION_TYPE_MISSING(url, valid);
  invalidType(url, attributes.type);
}

module.exports = { withToAssert, validateAttributes };
