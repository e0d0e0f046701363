'use strict';
// internal/url: WHATWG URL and URLSearchParams (URL Standard), written from
// the spec's state machine.
//
// A parsed URL is a plain "record":
//   { scheme, username, password, host, port, path, query, fragment }
// where `host` is null or the serialized host string, `port` is null or a
// number, `path` is an array of segments or a string (an "opaque path",
// e.g. `mailto:x`), and `query`/`fragment` are null or strings.
//
// Known gaps: IDNA is reduced to NFC + lower-casing + punycode of non-ASCII
// labels (no full UTS #46 mapping/validation); blob: URLs and
// URL.createObjectURL are not supported.
const { invalidArgType, makeError } = require('internal/errors');

const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kContext = Symbol('context');

// ---------------------------------------------------------------------------
// Errors.





function missingArgs(...names) {
  const list = names.length === 1 ? `"${names[0]}" argument` :
    `${names.map((n) => `"${n}"`).join(' and ')} arguments`;
  return makeError(TypeError, 'ERR_MISSING_ARGS', `The ${list} must be specified`);
}

// The URL constructor's error has no "[CODE]" in its stack; setters' do.
function invalidUrl(input, base, withCode) {
  const err = makeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL', withCode);
  err.input = input;
  if (base !== undefined) err.base = base;
  return err;
}

function invalidThis(type) {
  return makeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

// ---------------------------------------------------------------------------
// Strings, UTF-8 and percent-encoding.

// Replace lone surrogates with U+FFFD (WebIDL USVString conversion).
function toUSVString(value) {
  const s = `${value}`;
  if (!/[\ud800-\udfff]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
        continue;
      }
    }
    out += (c >= 0xd800 && c <= 0xdfff) ? '\ufffd' : s[i];
  }
  return out;
}

const { utf8Decode } = require('internal/utf8');

function utf8Encode(str) {
  const bytes = [];
  for (const ch of str) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) {
      bytes.push(cp);
    } else if (cp < 0x800) {
      bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  }
  return bytes;
}


function isHexDigit(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Percent-decode a string into bytes (the string is UTF-8 encoded first).
function percentDecodeBytes(str) {
  const bytes = utf8Encode(str);
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return out;
}

const HEX = '0123456789ABCDEF';

// Percent-encode sets, as predicates on a code point.
function inC0ControlSet(c) {
  return c < 0x20 || c > 0x7e;
}
function inFragmentSet(c) {
  return inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
}
function inQuerySet(c) {
  return inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
}
function inSpecialQuerySet(c) {
  return inQuerySet(c) || c === 0x27;
}
function inPathSet(c) {
  return inQuerySet(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
}
function inUserinfoSet(c) {
  return inPathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 ||
    (c >= 0x5b && c <= 0x5e) || c === 0x7c;
}
function inComponentSet(c) {
  return inUserinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
}
function inFormSet(c) {
  return inComponentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;
}

// UTF-8 percent-encode `str` (a string of any length) using `inSet`.
function percentEncode(str, inSet, spaceAsPlus = false) {
  let out = '';
  for (const ch of str) {
    const cp = ch.codePointAt(0);
    if (spaceAsPlus && cp === 0x20) {
      out += '+';
    } else if (!inSet(cp)) {
      out += ch;
    } else {
      for (const b of utf8Encode(ch)) out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Hosts.

const specialSchemes = { __proto__: null, 'ftp': 21, 'file': null, 'http': 80, 'https': 443, 'ws': 80, 'wss': 443 };

function isSpecialScheme(scheme) {
  return scheme in specialSchemes;
}

function defaultPort(scheme) {
  return scheme in specialSchemes ? specialSchemes[scheme] : null;
}

function isForbiddenHostCodePoint(c) {
  return c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20 || c === 0x23 ||
    c === 0x2f || c === 0x3a || c === 0x3c || c === 0x3e || c === 0x3f || c === 0x40 ||
    c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e || c === 0x7c;
}

function isForbiddenDomainCodePoint(c) {
  return isForbiddenHostCodePoint(c) || (c <= 0x1f) || c === 0x25 || c === 0x7f;
}

// Punycode encoder (RFC 3492) for one label.
function punycodeEncode(input) {
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  const skew = 38;
  const damp = 700;
  const cps = Array.from(input, (ch) => ch.codePointAt(0));
  let n = 128;
  let delta = 0;
  let bias = 72;
  let output = '';
  for (const c of cps) if (c < 0x80) output += String.fromCharCode(c);
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength > 0) output += '-';

  const digit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);
  const adapt = (d, numPoints, first) => {
    d = first ? Math.floor(d / damp) : d >> 1;
    d += Math.floor(d / numPoints);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) {
      d = Math.floor(d / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * d) / (d + skew));
  };

  while (handled < cps.length) {
    let m = Infinity;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
          if (q < t) break;
          output += digit(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        output += digit(q);
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

// String#normalize, tolerating a V8 built without ICU.
function normalizeNFKC(s) {
  try {
    return s.normalize('NFKC');
  } catch {
    return s;
  }
}

// Simplified "domain to ASCII" (UTS #46 approximated by NFKC + lower-case):
// drop ignored characters, map IDNA dots, punycode non-ASCII labels and
// validate existing "xn--" labels; every label's Unicode form must pass
// the validity checks below. Returns null on failure.
function domainToASCII(domain) {
  let d = domain;
  if (/[^\x00-\x7f]/.test(d)) {
    d = d.replace(/[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g, '');
    d = normalizeNFKC(d).replace(/[\u3002\uff0e\uff61]/g, '.');
  }
  d = d.toLowerCase();
  const labels = d.split('.');
  const unicode = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    let u = label;
    if (label.startsWith('xn--')) {
      u = punycodeDecode(label.slice(4));
      if (u === null || u === '' || /[\x00-\x20\x7f-\x9f]/.test(u) ||
          normalizeNFKC(u).toLowerCase() !== u) {
        return null;
      }
    } else if (/[^\x00-\x7f]/.test(label)) {
      labels[i] = `xn--${punycodeEncode(label)}`;
    }
    if (!validLabel(u)) return null;
    unicode.push(u);
  }
  if (unicode.some((u) => RTL_OR_AN_RE.test(u)) && !unicode.every(bidiLabelOk)) return null;
  return labels.join('.');
}

// UTS #46 validity: no unassigned, private-use, surrogate or U+FFFD code
// points, and ZWJ / ZWNJ only where CONTEXTJ (RFC 5892) allows them.
const DISALLOWED_RE = /[\p{Cn}\p{Co}\p{Cs}\ufffd]/u;
// Canonical combining class 9 (virama).
const VIRAMA_RE = new RegExp('[\\u094d\\u09cd\\u0a4d\\u0acd\\u0b4d\\u0bcd\\u0c4d\\u0ccd\\u0d3b\\u0d3c\\u0d4d' +
  '\\u0dca\\u0e3a\\u0eba\\u0f84\\u1039\\u103a\\u1714\\u1715\\u1734\\u17d2\\u1a60\\u1b44\\u1baa\\u1bab' +
  '\\u1bf2\\u1bf3\\u2d7f\\ua806\\ua82c\\ua8c4\\ua953\\ua9c0\\uaaf6\\uabed\\u{10a3f}\\u{11046}\\u{11070}' +
  '\\u{1107f}\\u{110b9}\\u{11133}\\u{11134}\\u{111c0}\\u{11235}\\u{112ea}\\u{1134d}\\u{11442}\\u{114c2}' +
  '\\u{115bf}\\u{1163f}\\u{116b6}\\u{1172b}\\u{11839}\\u{1193d}\\u{1193e}\\u{119e0}\\u{11a34}\\u{11a47}' +
  '\\u{11a99}\\u{11c3f}\\u{11d44}\\u{11d45}\\u{11d97}]$', 'u');
// Joining types, approximated: the joining scripts' letters join on both
// sides (D) except Arabic's right-joining letters (R); marks are T.
const JOINING_RE = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Mandaic}]/u;
const RIGHT_JOINING_RE = new RegExp('[\\u0622-\\u0625\\u0627\\u0629\\u062f-\\u0632\\u0648\\u0671-\\u0673' +
  '\\u0675-\\u0677\\u0688-\\u0699\\u06c0\\u06c3-\\u06cb\\u06cd\\u06cf\\u06d2\\u06d3\\u06d5\\u06ee\\u06ef' +
  '\\u0759-\\u075b\\u076b\\u076c\\u0771\\u0773\\u0774\\u0778\\u0779\\u0870-\\u0882\\u08aa-\\u08ac' +
  '\\u08ae\\u08b1\\u08b2\\u08b9]');
const ZWNJ_CONTEXT_RE = new RegExp(`${JOINING_RE.source}\\p{M}*\\u200c\\p{M}*${JOINING_RE.source}`, 'u');

function validLabel(u) {
  if (DISALLOWED_RE.test(u)) return false;
  if (!/[\u200c\u200d]/.test(u)) return true;
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (c !== '\u200c' && c !== '\u200d') continue;
    if (VIRAMA_RE.test(u.slice(0, i))) continue;
    if (c === '\u200d' || !zwnjJoins(u, i)) return false;
  }
  return true;
}

// ZWNJ between a left- or dual-joining letter and a right- or dual-joining
// one (transparent marks between).
function zwnjJoins(u, i) {
  let b = i - 1;
  while (b >= 0 && /\p{M}/u.test(u[b])) b--;
  if (b < 0 || RIGHT_JOINING_RE.test(u[b])) return false;
  return ZWNJ_CONTEXT_RE.test(u.slice(b, u.length));
}

// The Bidi rule (RFC 5893) for each label of a domain holding
// right-to-left characters, with the bidi classes approximated by script.
const RTL_RE = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const AN_RE = /[\u0600-\u0605\u0660-\u0669\u066b\u066c\u06dd\u0890\u0891\u08e2\u{10d30}-\u{10d39}\u{10e60}-\u{10e7e}]/u;
const RTL_OR_AN_RE = new RegExp(`${RTL_RE.source.slice(0, -1)}${AN_RE.source.slice(1)}`, 'u');
const EN_RE = /[0-9\u00b2\u00b3\u00b9\u06f0-\u06f9\u2070\u2074-\u2079\u2080-\u2089\uff10-\uff19]/u;

function bidiClass(ch) {
  if (/[\p{Mn}\p{Me}]/u.test(ch)) return 'NSM';
  if (AN_RE.test(ch)) return 'AN';
  if (EN_RE.test(ch)) return 'EN';
  if (RTL_RE.test(ch)) return 'R';
  if (/[\p{L}\p{Mc}]/u.test(ch)) return 'L';
  return 'ON'; // ES, CS, ET, ON, BN: allowed inside either kind of label
}

function bidiLabelOk(u) {
  if (u === '') return true;
  const classes = Array.from(u, bidiClass);
  const rtl = classes[0] === 'R';
  // A label starting otherwise (a digit) is not checked, as Node's ada.
  if (!rtl && classes[0] !== 'L') return true;
  let last = classes.length - 1;
  while (last > 0 && classes[last] === 'NSM') last--;
  if (rtl) {
    if (classes.includes('L')) return false;
    if (!['R', 'EN', 'AN'].includes(classes[last])) return false;
    return !(classes.includes('EN') && classes.includes('AN'));
  }
  if (classes.some((c) => c === 'R' || c === 'AN')) return false;
  return classes[last] === 'L' || classes[last] === 'EN';
}

// The IPv4 number parser: returns a number or NaN.
function parseIPv4Number(input) {
  if (input === '') return NaN;
  let radix = 10;
  if (input.length >= 2 && input[0] === '0' && (input[1] === 'x' || input[1] === 'X')) {
    input = input.slice(2);
    radix = 16;
  } else if (input.length >= 2 && input[0] === '0') {
    input = input.slice(1);
    radix = 8;
  }
  if (input === '') return 0;
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(input)) return NaN;
  return parseInt(input, radix);
}

// Whether a domain must be parsed as IPv4 (its last label is numeric).
function endsInANumber(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  if (last !== '' && /^[0-9]+$/.test(last)) return true;
  return !Number.isNaN(parseIPv4Number(last));
}

// Returns the IPv4 address as a number, or null on failure.
function parseIPv4(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (Number.isNaN(n)) return null;
    numbers.push(n);
  }
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
  let ipv4 = numbers[numbers.length - 1];
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

function serializeIPv4(address) {
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(String(address % 256));
    address = Math.floor(address / 256);
  }
  return out.join('.');
}

// Returns an array of 8 16-bit pieces, or null on failure.
function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;
  const cp = (i) => (i < input.length ? input.charCodeAt(i) : -1);
  const hexVal = (c) => parseInt(String.fromCharCode(c), 16);
  const isDigit = (c) => c >= 0x30 && c <= 0x39;

  if (cp(pointer) === 0x3a) {
    if (cp(pointer + 1) !== 0x3a) return null;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (cp(pointer) !== -1) {
    if (pieceIndex === 8) return null;
    if (cp(pointer) === 0x3a) {
      if (compress !== null) return null;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && isHexDigit(cp(pointer))) {
      value = value * 0x10 + hexVal(cp(pointer));
      pointer++;
      length++;
    }
    if (cp(pointer) === 0x2e) {
      // Embedded IPv4 in the last two pieces.
      if (length === 0) return null;
      pointer -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (cp(pointer) !== -1) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (cp(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return null;
        }
        if (!isDigit(cp(pointer))) return null;
        while (isDigit(cp(pointer))) {
          const number = cp(pointer) - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (cp(pointer) === 0x3a) {
      pointer++;
      if (cp(pointer) === -1) return null;
    } else if (cp(pointer) !== -1) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const tmp = address[compress + swaps - 1];
      address[compress + swaps - 1] = address[pieceIndex];
      address[pieceIndex] = tmp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

function serializeIPv6(address) {
  // Find the first longest run (length > 1) of zero pieces to compress.
  let compress = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLen) {
      bestLen = j - i;
      compress = i;
    }
    i = j;
  }
  let out = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      out += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    out += address[i].toString(16);
    if (i !== 7) out += ':';
  }
  return out;
}

// The host parser. Returns the serialized host, or null on failure.
function parseHost(input, isOpaque) {
  if (input[0] === '[') {
    if (input[input.length - 1] !== ']') return null;
    const address = parseIPv6(input.slice(1, -1));
    return address === null ? null : `[${serializeIPv6(address)}]`;
  }
  if (isOpaque) {
    for (let i = 0; i < input.length; i++) {
      if (isForbiddenHostCodePoint(input.charCodeAt(i))) return null;
    }
    return percentEncode(input, inC0ControlSet);
  }
  const domain = utf8Decode(percentDecodeBytes(input));
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === null || asciiDomain === '') return null;
  for (let i = 0; i < asciiDomain.length; i++) {
    if (isForbiddenDomainCodePoint(asciiDomain.charCodeAt(i))) return null;
  }
  if (endsInANumber(asciiDomain)) {
    const ipv4 = parseIPv4(asciiDomain);
    return ipv4 === null ? null : serializeIPv4(ipv4);
  }
  return asciiDomain;
}

// ---------------------------------------------------------------------------
// The basic URL parser.

const S = {
  SCHEME_START: 1, SCHEME: 2, NO_SCHEME: 3, SPECIAL_RELATIVE_OR_AUTHORITY: 4,
  PATH_OR_AUTHORITY: 5, RELATIVE: 6, RELATIVE_SLASH: 7, SPECIAL_AUTHORITY_SLASHES: 8,
  SPECIAL_AUTHORITY_IGNORE_SLASHES: 9, AUTHORITY: 10, HOST: 11, HOSTNAME: 12, PORT: 13,
  FILE: 14, FILE_SLASH: 15, FILE_HOST: 16, PATH_START: 17, PATH: 18, OPAQUE_PATH: 19,
  QUERY: 20, FRAGMENT: 21,
};

const FAILURE = null;
// Returned when a state-override parse decides to leave the URL unchanged.
const UNCHANGED = Symbol('unchanged');

function isASCIIAlpha(c) {
  return c !== undefined && /^[A-Za-z]$/.test(c);
}
function isASCIIDigit(c) {
  return c !== undefined && c >= '0' && c <= '9';
}
function isASCIIAlphanumeric(c) {
  return isASCIIAlpha(c) || isASCIIDigit(c);
}

function isWindowsDriveLetter(s) {
  return s.length === 2 && isASCIIAlpha(s[0]) && (s[1] === ':' || s[1] === '|');
}
function isNormalizedWindowsDriveLetter(s) {
  return s.length === 2 && isASCIIAlpha(s[0]) && s[1] === ':';
}
// cps: array of code points, from index i.
function startsWithWindowsDriveLetter(cps, i) {
  if (cps.length - i < 2) return false;
  if (!isASCIIAlpha(cps[i]) || (cps[i + 1] !== ':' && cps[i + 1] !== '|')) return false;
  if (cps.length - i === 2) return true;
  const c = cps[i + 2];
  return c === '/' || c === '\\' || c === '?' || c === '#';
}

function isSingleDot(s) {
  return s === '.' || s.toLowerCase() === '%2e';
}
function isDoubleDot(s) {
  switch (s.toLowerCase()) {
    case '..': case '.%2e': case '%2e.': case '%2e%2e': return true;
    default: return false;
  }
}

function shortenPath(url) {
  const path = url.path;
  // Node (ada) keeps any single segment that starts with "X:" (the spec
  // only keeps an exact normalized drive letter).
  if (url.scheme === 'file' && path.length === 1 && path[0].length >= 2 &&
      isASCIIAlpha(path[0][0]) && path[0][1] === ':') return;
  path.pop();
}

function hasCredentials(url) {
  return url.username !== '' || url.password !== '';
}

function cannotHaveUsernamePasswordPort(url) {
  return url.host === null || url.host === '' || url.scheme === 'file';
}

function newRecord() {
  return { scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null };
}

function cloneRecord(r) {
  return { ...r, path: Array.isArray(r.path) ? r.path.slice() : r.path };
}

// basicParse(input, base, url, stateOverride) -> record | FAILURE | UNCHANGED
function basicParse(input, base = null, url = null, stateOverride = 0) {
  if (url === null) {
    url = newRecord();
    // Strip leading and trailing C0 controls and spaces.
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  }
  input = input.replace(/[\t\n\r]/g, '');

  let state = stateOverride || S.SCHEME_START;
  let buffer = '';
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  const cps = Array.from(input);
  const len = cps.length;

  for (let pointer = 0; pointer <= len; pointer++) {
    const c = cps[pointer]; // undefined at EOF

    switch (state) {
      case S.SCHEME_START:
        if (isASCIIAlpha(c)) {
          buffer += c.toLowerCase();
          state = S.SCHEME;
        } else if (!stateOverride) {
          state = S.NO_SCHEME;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.SCHEME:
        if (isASCIIAlphanumeric(c) || c === '+' || c === '-' || c === '.') {
          buffer += c.toLowerCase();
        } else if (c === ':') {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return UNCHANGED;
            if ((hasCredentials(url) || url.port !== null) && buffer === 'file') return UNCHANGED;
            if (url.scheme === 'file' && url.host === '') return UNCHANGED;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = S.FILE;
          } else if (isSpecialScheme(url.scheme) && base !== null && base.scheme === url.scheme) {
            state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecialScheme(url.scheme)) {
            state = S.SPECIAL_AUTHORITY_SLASHES;
          } else if (cps[pointer + 1] === '/') {
            state = S.PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.path = '';
            state = S.OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = '';
          state = S.NO_SCHEME;
          pointer = -1; // start over from the first code point
        } else {
          return FAILURE;
        }
        break;

      case S.NO_SCHEME:
        if (base === null || (typeof base.path === 'string' && c !== '#')) {
          return FAILURE;
        } else if (typeof base.path === 'string' && c === '#') {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (base.scheme !== 'file') {
          state = S.RELATIVE;
          pointer--;
        } else {
          state = S.FILE;
          pointer--;
        }
        break;

      case S.SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === '/' && cps[pointer + 1] === '/') {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.RELATIVE;
          pointer--;
        }
        break;

      case S.PATH_OR_AUTHORITY:
        if (c === '/') {
          state = S.AUTHORITY;
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.RELATIVE:
        url.scheme = base.scheme;
        if (c === '/') {
          state = S.RELATIVE_SLASH;
        } else if (isSpecialScheme(url.scheme) && c === '\\') {
          state = S.RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === '?') {
            url.query = '';
            state = S.QUERY;
          } else if (c === '#') {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            shortenPath(url);
            state = S.PATH;
            pointer--;
          }
        }
        break;

      case S.RELATIVE_SLASH:
        if (isSpecialScheme(url.scheme) && (c === '/' || c === '\\')) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === '/') {
          state = S.AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S.PATH;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_SLASHES:
        if (c === '/' && cps[pointer + 1] === '/') {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer--;
        }
        break;

      case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== '/' && c !== '\\') {
          state = S.AUTHORITY;
          pointer--;
        }
        break;

      case S.AUTHORITY:
        if (c === '@') {
          if (atSignSeen) buffer = `%40${buffer}`;
          atSignSeen = true;
          for (const bc of buffer) {
            if (bc === ':' && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncode(bc, inUserinfoSet);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = '';
        } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                   (isSpecialScheme(url.scheme) && c === '\\')) {
          if (atSignSeen && buffer === '') return FAILURE;
          pointer -= Array.from(buffer).length + 1;
          buffer = '';
          state = S.HOST;
        } else {
          buffer += c;
        }
        break;

      case S.HOST:
      case S.HOSTNAME:
        if (stateOverride && url.scheme === 'file') {
          pointer--;
          state = S.FILE_HOST;
        } else if (c === ':' && !insideBrackets) {
          if (buffer === '') return FAILURE;
          if (stateOverride === S.HOSTNAME) return UNCHANGED;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PORT;
        } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                   (isSpecialScheme(url.scheme) && c === '\\')) {
          pointer--;
          if (isSpecialScheme(url.scheme) && buffer === '') return FAILURE;
          if (stateOverride && buffer === '' && (hasCredentials(url) || url.port !== null)) {
            return UNCHANGED;
          }
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === '[') insideBrackets = true;
          if (c === ']') insideBrackets = false;
          buffer += c;
        }
        break;

      case S.PORT:
        if (isASCIIDigit(c)) {
          buffer += c;
        } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                   (isSpecialScheme(url.scheme) && c === '\\') || stateOverride) {
          if (buffer !== '') {
            const port = parseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = '';
          }
          if (stateOverride) return url;
          state = S.PATH_START;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.FILE:
        url.scheme = 'file';
        url.host = '';
        if (c === '/' || c === '\\') {
          state = S.FILE_SLASH;
        } else if (base !== null && base.scheme === 'file') {
          url.host = base.host;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === '?') {
            url.query = '';
            state = S.QUERY;
          } else if (c === '#') {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) shortenPath(url);
            else url.path = [];
            state = S.PATH;
            pointer--;
          }
        } else {
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_SLASH:
        if (c === '/' || c === '\\') {
          state = S.FILE_HOST;
        } else {
          if (base !== null && base.scheme === 'file') {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) && Array.isArray(base.path) &&
                base.path.length > 0 && isNormalizedWindowsDriveLetter(base.path[0])) {
              url.path.push(base.path[0]);
            }
          }
          state = S.PATH;
          pointer--;
        }
        break;

      case S.FILE_HOST:
        if (c === undefined || c === '/' || c === '\\' || c === '?' || c === '#') {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            // "file://C:/" - the drive letter is part of the path.
            state = S.PATH;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return url;
            state = S.PATH_START;
          } else {
            let host = parseHost(buffer, false);
            if (host === null) return FAILURE;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return url;
            buffer = '';
            state = S.PATH_START;
          }
        } else {
          buffer += c;
        }
        break;

      case S.PATH_START:
        if (isSpecialScheme(url.scheme)) {
          state = S.PATH;
          if (c !== '/' && c !== '\\') pointer--;
        } else if (!stateOverride && c === '?') {
          url.query = '';
          state = S.QUERY;
        } else if (!stateOverride && c === '#') {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== undefined) {
          state = S.PATH;
          if (c !== '/') pointer--;
        } else if (stateOverride && url.host === null) {
          url.path.push('');
        }
        break;

      case S.PATH:
        if (c === undefined || c === '/' || (isSpecialScheme(url.scheme) && c === '\\') ||
            (!stateOverride && (c === '?' || c === '#'))) {
          const slash = c === '/' || (isSpecialScheme(url.scheme) && c === '\\');
          if (isDoubleDot(buffer)) {
            // Node (ada) quirk: a final '..' on an already empty non-special
            // path leaves it empty instead of adding an empty segment.
            const wasEmpty = url.path.length === 0;
            shortenPath(url);
            if (!slash && !(wasEmpty && !isSpecialScheme(url.scheme))) url.path.push('');
          } else if (isSingleDot(buffer) && !slash) {
            url.path.push('');
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
              buffer = `${buffer[0]}:`;
            }
            url.path.push(buffer);
          }
          buffer = '';
          if (c === '?') {
            url.query = '';
            state = S.QUERY;
          }
          if (c === '#') {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += percentEncode(c, inPathSet);
        }
        break;

      case S.OPAQUE_PATH:
        if (c === '?') {
          url.query = '';
          state = S.QUERY;
        } else if (c === '#') {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== undefined) {
          url.path += percentEncode(c, inC0ControlSet);
        }
        break;

      case S.QUERY:
        if ((!stateOverride && c === '#') || c === undefined) {
          const inSet = isSpecialScheme(url.scheme) ? inSpecialQuerySet : inQuerySet;
          url.query += percentEncode(buffer, inSet);
          buffer = '';
          if (c === '#') {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += c;
        }
        break;

      case S.FRAGMENT:
        if (c !== undefined) url.fragment += percentEncode(c, inFragmentSet);
        break;
    }
  }
  return url;
}

// ---------------------------------------------------------------------------
// Serialization.

function serializePath(url) {
  if (typeof url.path === 'string') return url.path;
  let out = '';
  for (const segment of url.path) out += `/${segment}`;
  return out;
}

function serializeURL(url, excludeFragment = false) {
  let out = `${url.scheme}:`;
  if (url.host !== null) {
    out += '//';
    if (hasCredentials(url)) {
      out += url.username;
      if (url.password !== '') out += `:${url.password}`;
      out += '@';
    }
    out += url.host;
    if (url.port !== null) out += `:${url.port}`;
  } else if (Array.isArray(url.path) && url.path.length > 1 && url.path[0] === '') {
    out += '/.';
  }
  out += serializePath(url);
  if (url.query !== null) out += `?${url.query}`;
  if (!excludeFragment && url.fragment !== null) out += `#${url.fragment}`;
  return out;
}

// What util.inspect shows of a URL with showHidden: Node keeps the parsed
// URL as ada's url_aggregator offsets into href (its URLContext); here they
// are worked out from the record the same way serializeURL lays href out.
const OMITTED = 4294967295; // ada's uint32_t(-1) for an absent part
const SCHEME_TYPES = { http: 0, https: 2, ws: 3, ftp: 4, wss: 5, file: 6 };
class URLContext {
  href = '';
  protocol_end = 0;
  username_end = 0;
  host_start = 0;
  host_end = 0;
  pathname_start = 0;
  search_start = 0;
  hash_start = 0;
  port = 0;
  scheme_type = 1;

  get hasPort() { return this.port !== OMITTED; }
  get hasSearch() { return this.search_start !== OMITTED; }
  get hasHash() { return this.hash_start !== OMITTED; }
}

function urlContext(url, href) {
  const ctx = new URLContext();
  ctx.href = href;
  const type = SCHEME_TYPES[url.scheme];
  ctx.scheme_type = type === undefined ? 1 : type;
  let at = url.scheme.length + 1;
  ctx.protocol_end = at;
  ctx.port = url.port === null ? OMITTED : url.port;
  if (url.host !== null) {
    at += 2;
    ctx.username_end = at;
    if (hasCredentials(url)) {
      ctx.username_end = at + url.username.length;
      at = ctx.username_end + (url.password !== '' ? 1 + url.password.length : 0);
      ctx.host_start = at; // the '@'
      at++;
    } else {
      ctx.host_start = at;
    }
    at += url.host.length;
    ctx.host_end = at;
    if (url.port !== null) at += 1 + String(url.port).length;
  } else {
    ctx.username_end = ctx.host_start = ctx.host_end = at;
    if (Array.isArray(url.path) && url.path.length > 1 && url.path[0] === '') at += 2; // the '/.'
  }
  ctx.pathname_start = at;
  ctx.hash_start = url.fragment === null ? OMITTED : href.length - url.fragment.length - 1;
  const queryEnd = url.fragment === null ? href.length : ctx.hash_start;
  ctx.search_start = url.query === null ? OMITTED : queryEnd - url.query.length - 1;
  return ctx;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      const inner = basicParse(serializePath(url));
      if (inner !== FAILURE && (inner.scheme === 'http' || inner.scheme === 'https')) {
        return serializeOrigin(inner);
      }
      return 'null';
    }
    case 'ftp': case 'http': case 'https': case 'ws': case 'wss':
      return `${url.scheme}://${url.host}${url.port !== null ? `:${url.port}` : ''}`;
    default:
      return 'null';
  }
}

function stripTrailingSpacesFromOpaquePath(url) {
  if (typeof url.path !== 'string') return;
  if (url.fragment !== null || url.query !== null) return;
  url.path = url.path.replace(/ +$/, '');
}

// ---------------------------------------------------------------------------
// application/x-www-form-urlencoded

function parseFormUrlencoded(input) {
  const list = [];
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    const eq = sequence.indexOf('=');
    let name = eq === -1 ? sequence : sequence.slice(0, eq);
    let value = eq === -1 ? '' : sequence.slice(eq + 1);
    name = name.replace(/\+/g, ' ');
    value = value.replace(/\+/g, ' ');
    list.push([utf8Decode(percentDecodeBytes(name)), utf8Decode(percentDecodeBytes(value))]);
  }
  return list;
}

function serializeFormUrlencoded(list) {
  let out = '';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += '&';
    out += `${percentEncode(list[i][0], inFormSet, true)}=${percentEncode(list[i][1], inFormSet, true)}`;
  }
  return out;
}

// ---------------------------------------------------------------------------
// URLSearchParams

let getParamsList; // (params) => list, set in the static block
let setParamsList; // (params, list)
let attachParams; // (params, url)

class URLSearchParams {
  #list = [];
  #url = null; // the URL object this belongs to, if any

  constructor(init = undefined) {
    if (init === undefined || init === null) {
      // Empty.
    } else if (typeof init === 'object' || typeof init === 'function') {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && init instanceof URLSearchParams) {
        this.#list = init.#list.map((pair) => pair.slice());
      } else if (typeof method === 'function') {
        // Sequence of [name, value] pairs.
        for (const pair of init) {
          if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function') ||
              typeof pair[Symbol.iterator] !== 'function') {
            throw makeError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          const items = Array.from(pair);
          if (items.length !== 2) {
            throw makeError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          this.#list.push([toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else if (method != null) {
        throw makeError(TypeError, 'ERR_ARG_NOT_ITERABLE', 'Query pairs must be iterable');
      } else {
        // Record: own enumerable keys; a repeated key overwrites; a symbol
        // key is a TypeError (its conversion to a string), as in Node.
        const seen = new Map();
        for (const key of Reflect.ownKeys(init)) {
          if (!Object.prototype.propertyIsEnumerable.call(init, key)) continue;
          const name = toUSVString(key);
          const value = toUSVString(init[key]);
          if (seen.has(name)) {
            this.#list[seen.get(name)][1] = value;
          } else {
            seen.set(name, this.#list.length);
            this.#list.push([name, value]);
          }
        }
      }
    } else {
      let s = toUSVString(init);
      if (s[0] === '?') s = s.slice(1);
      this.#list = parseFormUrlencoded(s);
    }
  }

  static {
    getParamsList = (p) => p.#list;
    setParamsList = (p, list) => { p.#list = list; };
    attachParams = (p, url) => { p.#url = url; };
  }

  // Push our serialization back into the owning URL.
  #update() {
    if (this.#url === null) return;
    const record = recordOf(this.#url);
    const serialized = serializeFormUrlencoded(this.#list);
    record.query = serialized === '' ? null : serialized;
    if (record.query === null) stripTrailingSpacesFromOpaquePath(record);
    refreshHref(this.#url);
  }

  get size() {
    checkParams(this);
    return this.#list.length;
  }

  append(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    this.#list.push([toUSVString(name), toUSVString(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      this.#list = this.#list.filter((p) => !(p[0] === name && p[1] === value));
    } else {
      this.#list = this.#list.filter((p) => p[0] !== name);
    }
    this.#update();
  }

  get(name) {
    checkParams(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    const pair = this.#list.find((p) => p[0] === name);
    return pair === undefined ? null : pair[1];
  }

  getAll(name) {
    checkParams(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    return this.#list.filter((p) => p[0] === name).map((p) => p[1]);
  }

  has(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      return this.#list.some((p) => p[0] === name && p[1] === value);
    }
    return this.#list.some((p) => p[0] === name);
  }

  set(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw missingArgs('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    // Replace the first occurrence, drop the others.
    const out = [];
    let found = false;
    for (const p of this.#list) {
      if (p[0] !== name) {
        out.push(p);
      } else if (!found) {
        found = true;
        out.push([name, value]);
      }
    }
    if (!found) out.push([name, value]);
    this.#list = out;
    this.#update();
  }

  sort() {
    checkParams(this);
    // Stable sort by UTF-16 code units of the name.
    const indexed = this.#list.map((p, i) => [p, i]);
    indexed.sort((a, b) => {
      if (a[0][0] < b[0][0]) return -1;
      if (a[0][0] > b[0][0]) return 1;
      return a[1] - b[1];
    });
    this.#list = indexed.map((x) => x[0]);
    this.#update();
  }

  entries() {
    checkParams(this);
    return createParamsIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    checkParams(this);
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    // Live iteration: callbacks may modify the list.
    for (let i = 0; i < this.#list.length; i++) {
      const [name, value] = this.#list[i];
      callback.call(thisArg, value, name, this);
    }
  }

  keys() {
    checkParams(this);
    return createParamsIterator(this, 'key');
  }

  values() {
    checkParams(this);
    return createParamsIterator(this, 'value');
  }

  toString() {
    checkParams(this);
    return serializeFormUrlencoded(this.#list);
  }

  [kInspect](depth, options, inspect) {
    checkParams(this);
    if (typeof depth === 'number' && depth < 0) return '[Object]';
    const inner = { ...options };
    if (depth !== null && depth !== undefined) inner.depth = depth - 1;
    const items = this.#list.map(([k, v]) => `${inspect(k, inner)} => ${inspect(v, inner)}`);
    return formatBraced(this.constructor.name, items, options);
  }
}

function checkParams(value) {
  if (!isParams(value)) throw invalidThis('URLSearchParams');
}

function isParams(value) {
  try {
    getParamsList(value);
    return true;
  } catch {
    return false;
  }
}

// "Name { a, b }" or, past breakLength, one item per line.
function formatBraced(name, items, options) {
  if (items.length === 0) return `${name} {}`;
  const breakLength = options && options.breakLength !== undefined ? options.breakLength : 80;
  const length = items.reduce((n, s) => n + s.length + 2, -2);
  if (length > breakLength) return `${name} {\n  ${items.join(',\n  ')} }`;
  return `${name} { ${items.join(', ')} }`;
}

Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
  __proto__: null, value: URLSearchParams.prototype.entries, writable: true, configurable: true,
});
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'URLSearchParams', configurable: true,
});
for (const key of ['size', 'append', 'delete', 'get', 'getAll', 'has', 'set', 'sort', 'entries',
                   'forEach', 'keys', 'values', 'toString']) {
  Object.defineProperty(URLSearchParams.prototype, key, { enumerable: true });
}

// URLSearchParams Iterator: live over the list, like the spec's.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const iteratorState = new WeakMap(); // iterator -> { params, kind, index }

function pairForKind(pair, kind) {
  if (kind === 'key') return pair[0];
  if (kind === 'value') return pair[1];
  return [pair[0], pair[1]];
}

const ParamsIteratorPrototype = Object.create(IteratorPrototype, {
  next: {
    __proto__: null,
    writable: true,
    configurable: true,
    enumerable: true,
    value: function next() {
      const state = iteratorState.get(this);
      if (state === undefined) throw invalidThis('URLSearchParamsIterator');
      const list = getParamsList(state.params);
      if (state.index >= list.length) return { value: undefined, done: true };
      const pair = list[state.index++];
      return { value: pairForKind(pair, state.kind), done: false };
    },
  },
  [kInspect]: {
    __proto__: null,
    writable: true,
    configurable: true,
    value: function(depth, options, inspect) {
      const state = iteratorState.get(this);
      if (state === undefined) throw invalidThis('URLSearchParamsIterator');
      if (typeof depth === 'number' && depth < 0) return '[Object]';
      const inner = { ...options };
      if (depth !== null && depth !== undefined) inner.depth = depth - 1;
      const rest = getParamsList(state.params).slice(state.index);
      const items = rest.map((pair) => {
        const v = pairForKind(pair, state.kind);
        return state.kind === 'key+value' ? `[ ${inspect(v[0], inner)}, ${inspect(v[1], inner)} ]` : inspect(v, inner);
      });
      const length = items.reduce((n, s) => n + s.length + 2, -2);
      const breakLength = options && options.breakLength !== undefined ? options.breakLength : 80;
      const body = length > breakLength ? `\n  ${items.join(',\n  ')} ` : ` ${items.join(', ')} `;
      return `URLSearchParams Iterator {${body}}`;
    },
  },
  [Symbol.toStringTag]: { __proto__: null, value: 'URLSearchParams Iterator', configurable: true },
});

function createParamsIterator(params, kind) {
  const it = Object.create(ParamsIteratorPrototype);
  iteratorState.set(it, { params, kind, index: 0 });
  return it;
}

// ---------------------------------------------------------------------------
// URL

let recordOf; // (url) => record
let refreshHref; // (url) => void, re-serializes after a searchParams update

function parseOrThrow(input, base, withCode) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = basicParse(base);
    if (baseRecord === FAILURE) throw invalidUrl(input, base, withCode);
  }
  const record = basicParse(input, baseRecord);
  if (record === FAILURE) throw invalidUrl(input, base, withCode);
  return record;
}

class URL {
  #record;
  #href = '';
  #searchParams = null;

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    input = toUSVString(input);
    if (base !== undefined) base = toUSVString(base);
    this.#record = parseOrThrow(input, base, false);
    this.#href = serializeURL(this.#record);
  }

  static {
    recordOf = (u) => u.#record;
    refreshHref = (u) => { u.#href = serializeURL(u.#record); };
  }

  // Commit a change to the record and keep searchParams in sync.
  #commit(syncParams = false) {
    this.#href = serializeURL(this.#record);
    if (syncParams && this.#searchParams !== null) {
      setParamsList(this.#searchParams, parseFormUrlencoded(this.#record.query || ''));
    }
  }

  // Run a state-override parse on a copy; keep it only on success.
  #overrideParse(value, state) {
    const copy = cloneRecord(this.#record);
    const result = basicParse(value, null, copy, state);
    if (result !== FAILURE && result !== UNCHANGED) {
      this.#record = result;
      return true;
    }
    return false;
  }

  [kInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = {
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    if (options && options.showHidden) obj[kContext] = urlContext(this.#record, this.#href);
    const name = (this.constructor && this.constructor.name) || 'URL';
    return `${name} ${inspect(obj, options)}`;
  }

  toString() {
    checkURL(this);
    return this.#href;
  }

  get href() {
    checkURL(this);
    return this.#href;
  }

  set href(value) {
    checkURL(this);
    value = toUSVString(value);
    this.#record = parseOrThrow(value, undefined, true);
    this.#commit(true);
  }

  get origin() {
    checkURL(this);
    return serializeOrigin(this.#record);
  }

  get protocol() {
    checkURL(this);
    return `${this.#record.scheme}:`;
  }

  set protocol(value) {
    checkURL(this);
    if (this.#overrideParse(`${toUSVString(value)}:`, S.SCHEME_START)) this.#commit();
  }

  get username() {
    checkURL(this);
    return this.#record.username;
  }

  set username(value) {
    checkURL(this);
    if (cannotHaveUsernamePasswordPort(this.#record)) return;
    this.#record.username = percentEncode(toUSVString(value), inUserinfoSet);
    this.#commit();
  }

  get password() {
    checkURL(this);
    return this.#record.password;
  }

  set password(value) {
    checkURL(this);
    if (cannotHaveUsernamePasswordPort(this.#record)) return;
    this.#record.password = percentEncode(toUSVString(value), inUserinfoSet);
    this.#commit();
  }

  get host() {
    checkURL(this);
    const r = this.#record;
    // Node (ada) prints an empty host without its port.
    if (r.host === null || r.host === '') return '';
    return r.port === null ? r.host : `${r.host}:${r.port}`;
  }

  set host(value) {
    checkURL(this);
    const r = this.#record;
    if (typeof r.path === 'string') return;
    value = toUSVString(value);
    if (!isSpecialScheme(r.scheme)) {
      const v = value.replace(/[\t\n\r]/g, '');
      if (r.host === null || r.host === '') {
        // Node (ada) quirk: on a URL without a (non-empty) host only the hostname part
        // is used (any port is ignored), and an empty one changes nothing.
        let end = 0;
        let brackets = false;
        for (; end < v.length; end++) {
          const ch = v[end];
          if (ch === '[') brackets = true;
          else if (ch === ']') brackets = false;
          else if ((ch === ':' && !brackets) || ch === '/' || ch === '?' || ch === '#') break;
        }
        if (end === 0) return;
        if (this.#overrideParse(v.slice(0, end), S.HOST)) this.#commit();
        return;
      }
      if (v[0] === ':') {
        // Node (ada) quirk: ":port" empties the host and sets the port.
        const copy = cloneRecord(r);
        copy.host = '';
        const result = basicParse(v.slice(1), null, copy, S.PORT);
        if (result !== FAILURE && result !== UNCHANGED) {
          this.#record = result;
          this.#commit();
        }
        return;
      }
    }
    if (this.#overrideParse(value, S.HOST)) this.#commit();
  }

  get hostname() {
    checkURL(this);
    return this.#record.host === null ? '' : this.#record.host;
  }

  set hostname(value) {
    checkURL(this);
    const r = this.#record;
    if (typeof r.path === 'string') return;
    value = toUSVString(value);
    if (!isSpecialScheme(r.scheme) && r.host === null) {
      // Node (ada) quirk: an empty hostname doesn't add an empty host.
      const v = value.replace(/[\t\n\r]/g, '');
      if (v === '' || v[0] === '/' || v[0] === '?' || v[0] === '#') return;
    }
    if (this.#overrideParse(value, S.HOSTNAME)) this.#commit();
  }

  get port() {
    checkURL(this);
    return this.#record.port === null ? '' : String(this.#record.port);
  }

  set port(value) {
    checkURL(this);
    if (cannotHaveUsernamePasswordPort(this.#record)) return;
    value = toUSVString(value).replace(/[\t\n\r]/g, '');
    if (value === '') {
      this.#record.port = null;
      this.#commit();
      return;
    }
    // Node (ada) rules: ignore values starting with a space/control char or
    // '-', or containing no digit; no leading digits clears the port.
    if (value.charCodeAt(0) <= 0x20 || value[0] === '-' || !/[0-9]/.test(value)) return;
    if (!isASCIIDigit(value[0])) {
      this.#record.port = null;
      this.#commit();
    } else if (this.#overrideParse(value, S.PORT)) {
      this.#commit();
    }
  }

  get pathname() {
    checkURL(this);
    return serializePath(this.#record);
  }

  set pathname(value) {
    checkURL(this);
    if (typeof this.#record.path === 'string') return;
    const copy = cloneRecord(this.#record);
    copy.path = [];
    const result = basicParse(toUSVString(value), null, copy, S.PATH_START);
    if (result !== FAILURE && result !== UNCHANGED) {
      this.#record = result;
      this.#commit();
    }
  }

  get search() {
    checkURL(this);
    const q = this.#record.query;
    return q === null || q === '' ? '' : `?${q}`;
  }

  set search(value) {
    checkURL(this);
    value = toUSVString(value);
    const r = this.#record;
    if (value === '') {
      r.query = null;
      if (this.#searchParams !== null) setParamsList(this.#searchParams, []);
      stripTrailingSpacesFromOpaquePath(r);
      this.#commit();
      return;
    }
    const input = value[0] === '?' ? value.slice(1) : value;
    const copy = cloneRecord(r);
    copy.query = '';
    const result = basicParse(input, null, copy, S.QUERY);
    if (result !== FAILURE && result !== UNCHANGED) {
      this.#record = result;
      this.#commit(true);
    }
  }

  get searchParams() {
    checkURL(this);
    if (this.#searchParams === null) {
      const params = new URLSearchParams(this.#record.query || '');
      attachParams(params, this);
      this.#searchParams = params;
    }
    return this.#searchParams;
  }

  get hash() {
    checkURL(this);
    const f = this.#record.fragment;
    return f === null || f === '' ? '' : `#${f}`;
  }

  set hash(value) {
    checkURL(this);
    value = toUSVString(value);
    const r = this.#record;
    if (value === '') {
      r.fragment = null;
      stripTrailingSpacesFromOpaquePath(r);
      this.#commit();
      return;
    }
    const input = value[0] === '#' ? value.slice(1) : value;
    const copy = cloneRecord(r);
    copy.fragment = '';
    const result = basicParse(input, null, copy, S.FRAGMENT);
    if (result !== FAILURE && result !== UNCHANGED) {
      this.#record = result;
      this.#commit();
    }
  }

  toJSON() {
    checkURL(this);
    return this.#href;
  }

  static parse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    try {
      return new URL(input, base);
    } catch {
      return null;
    }
  }

  static canParse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    input = toUSVString(input);
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = basicParse(toUSVString(base));
      if (baseRecord === FAILURE) return false;
    }
    return basicParse(input, baseRecord) !== FAILURE;
  }

  // Known gap: there is no Blob store, so object URLs are unsupported.
  static createObjectURL() {
    throw makeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The createObjectURL() method is not implemented');
  }

  static revokeObjectURL() {}
}

function checkURL(value) {
  if (!isURL(value)) throw invalidThis('URL');
}

function isURL(value) {
  try {
    recordOf(value);
    return true;
  } catch {
    return false;
  }
}

for (const key of ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname',
                   'port', 'pathname', 'search', 'searchParams', 'hash', 'toJSON']) {
  Object.defineProperty(URL.prototype, key, { enumerable: true });
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { __proto__: null, value: 'URL', configurable: true });
for (const key of ['parse', 'canParse', 'createObjectURL', 'revokeObjectURL']) {
  Object.defineProperty(URL, key, { enumerable: true });
}

// ---------------------------------------------------------------------------
// file: URL <-> path helpers (POSIX).

function fileURLToPath(path) {
  let url;
  if (typeof path === 'string') {
    url = new URL(path);
  } else if (isURL(path) || (path != null && typeof path === 'object' && path.href && path.protocol !== undefined)) {
    url = path;
  } else {
    throw invalidArgType('path', 'of type string or an instance of URL', path);
  }
  if (url.protocol !== 'file:') {
    throw makeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  }
  if (url.hostname !== '') {
    throw makeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
  }
  const pathname = url.pathname;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if (pathname[n + 1] === '2' && third === 102) {
        throw makeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
      }
    }
  }
  return decodeURIComponent(pathname);
}

// Percent-encode what the URL parser would otherwise interpret in a path.
function encodePathChars(filepath) {
  if (filepath.includes('%')) filepath = filepath.replace(/%/g, '%25');
  if (filepath.includes('\\')) filepath = filepath.replace(/\\/g, '%5C');
  if (filepath.includes('\n')) filepath = filepath.replace(/\n/g, '%0A');
  if (filepath.includes('\r')) filepath = filepath.replace(/\r/g, '%0D');
  if (filepath.includes('\t')) filepath = filepath.replace(/\t/g, '%09');
  return filepath;
}

function pathToFileURL(filepath) {
  if (typeof filepath !== 'string') throw invalidArgType('path', 'of type string', filepath);
  const path = require('path');
  let resolved = path.resolve(filepath);
  // path.resolve strips trailing slashes; keep one if the input had it.
  if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  resolved = encodePathChars(resolved);
  // '?' and '#' would start the query / fragment.
  if (resolved.includes('?')) resolved = resolved.replace(/\?/g, '%3F');
  if (resolved.includes('#')) resolved = resolved.replace(/#/g, '%23');
  return new URL(`file://${resolved}`);
}

// url.format(URL, options) - the WHATWG flavour.
function formatURL(url, options = undefined) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgType('options', 'of type object', options);
  }
  const opts = { auth: true, fragment: true, search: true, unicode: false, ...options };
  const r = recordOf(url);
  let out = `${r.scheme}:`;
  if (r.host !== null) {
    out += '//';
    if (opts.auth && hasCredentials(r)) {
      out += r.username;
      if (r.password !== '') out += `:${r.password}`;
      out += '@';
    }
    out += opts.unicode ? domainToUnicode(r.host) : r.host;
    if (r.port !== null) out += `:${r.port}`;
  } else if (Array.isArray(r.path) && r.path.length > 1 && r.path[0] === '') {
    out += '/.';
  }
  out += serializePath(r);
  if (opts.search && r.query !== null) out += `?${r.query}`;
  if (opts.fragment && r.fragment !== null) out += `#${r.fragment}`;
  return out;
}

// Punycode decoder (RFC 3492), used by domainToUnicode.
function punycodeDecode(input) {
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  let n = 128;
  let i = 0;
  let bias = 72;
  const output = [];
  let basic = input.lastIndexOf('-');
  if (basic < 0) basic = 0;
  for (let j = 0; j < basic; j++) output.push(input.charCodeAt(j));
  const adapt = (delta, numPoints, first) => {
    delta = first ? Math.floor(delta / 700) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    let k = 0;
    while (delta > 455) {
      delta = Math.floor(delta / 35);
      k += base;
    }
    return k + Math.floor((36 * delta) / (delta + 38));
  };
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return null;
      const c = input.charCodeAt(index++);
      const digit = c >= 48 && c < 58 ? c - 22 : c >= 65 && c < 91 ? c - 65 : c >= 97 && c < 123 ? c - 97 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

function domainToASCIIPublic(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const host = parseHost(`${domain}`, false);
  return host === null ? '' : host;
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const host = parseHost(`${domain}`, false);
  if (host === null) return '';
  return host.split('.').map((label) => {
    if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      return decoded === null ? label : decoded;
    }
    return label;
  }).join('.');
}

// Node's url.urlToHttpOptions().
function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[') ?
      url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

module.exports = {
  URL,
  serializeIPv6, // (also the inet_ntop form internal/dns/wire prints)
  URLSearchParams,
  isURL,
  fileURLToPath,
  pathToFileURL,
  formatURL,
  domainToASCII: domainToASCIIPublic,
  domainToUnicode,
  urlToHttpOptions,
  toUSVString,
  // Exposed for the legacy url module and tests.
  basicParse,
  serializeURL,
  punycodeEncode,
};
