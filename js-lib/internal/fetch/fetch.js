'use strict';
// internal/fetch/fetch: the global fetch() over the http client
// (_http_client.js), shaped like undici's (Node 20's): the same default
// request headers, 'fetch failed' TypeErrors with the network error as
// `cause`, redirects (follow / manual / error, at most 20), AbortSignal, a
// streaming ReadableStream body (gzip/deflate/br decoded) and pooled
// keep-alive connections. http:, https: (tls.connect, system CAs) and data: URLs.

const { Request } = require('internal/fetch/request');
const { Response, responseState } = require('internal/fetch/response');
const { kState, extractBody } = require('internal/fetch/body');
const { setGuard } = require('internal/fetch/headers');
const { ReadableStream } = require('internal/webstreams');

let agent = null;
let tlsAgent = null;
function fetchAgent(secure) {
  if (secure) {
    if (tlsAgent === null) {
      const { Agent } = require('https');
      tlsAgent = new Agent({ keepAlive: true, keepAliveMsecs: 1000, timeout: 4000 });
    }
    return tlsAgent;
  }
  if (agent === null) {
    const { Agent } = require('_http_agent');
    agent = new Agent({ keepAlive: true, keepAliveMsecs: 1000, timeout: 4000 });
  }
  return agent;
}

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

// The fetch standard's "bad ports": never connected to.
const badPorts = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
  102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389,
  427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666,
  6667, 6668, 6669, 6697, 10080,
]);

const redirectStatuses = [301, 302, 303, 307, 308];
const nullBodyStatuses = [101, 204, 205, 304];
const requestBodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type'];

function abortReason(signal) {
  if (signal.reason !== undefined) return signal.reason;
  const { DOMException } = require('internal/dom_exception');
  return new DOMException('This operation was aborted', 'AbortError');
}

function makeResponse(status, statusText, rawHeaders, body, url, redirected) {
  const r = new Response(null);
  const st = responseState(r);
  st.type = 'basic';
  st.status = status;
  st.statusText = statusText;
  st.url = url;
  st.redirected = redirected;
  for (let i = 0; i < rawHeaders.length; i += 2) st.headersList.append(rawHeaders[i], rawHeaders[i + 1]);
  st.body = body === null ? null : { stream: body, source: null, length: null, type: null };
  setGuard(r.headers, 'immutable');
  return r;
}

// data: URLs (a small subset of the fetch spec's "data: URL processor").
function fetchDataURL(url) {
  const { Buffer } = require('buffer');
  const href = url.href;
  const comma = href.indexOf(',');
  if (comma === -1) throw fetchFailed(new TypeError('invalid data: URL'));
  let mime = href.slice(5, comma).trim();
  let data = href.slice(comma + 1);
  const hash = data.indexOf('#');
  if (hash !== -1) data = data.slice(0, hash);
  let bytes;
  if (/;\s*base64$/i.test(mime)) {
    mime = mime.replace(/;\s*base64$/i, '');
    bytes = Buffer.from(decodeURIComponent(data), 'base64');
  } else {
    bytes = Buffer.from(decodeURIComponent(data), 'latin1');
  }
  if (mime === '' || mime.startsWith(';')) mime = `text/plain${mime || ';charset=US-ASCII'}`;
  const body = extractBody(new Uint8Array(bytes)).stream;
  return makeResponse(200, 'OK', ['content-type', mime], body, href, false);
}

function bodyStream(res, signal, onDone) {
  let source = res;
  const enc = `${res.headers['content-encoding'] || ''}`.toLowerCase().trim();
  if (enc === 'gzip' || enc === 'x-gzip' || enc === 'deflate' || enc === 'br') {
    const zlib = require('zlib');
    const opts = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    let decoder;
    if (enc === 'br') decoder = zlib.createBrotliDecompress();
    else if (enc === 'deflate') decoder = zlib.createInflate(opts);
    else decoder = zlib.createGunzip(opts);
    res.on('error', (e) => decoder.destroy(e));
    res.pipe(decoder);
    source = decoder;
  }
  let done = false;
  return new ReadableStream({
    start(controller) {
      source.on('data', (chunk) => {
        controller.enqueue(new Uint8Array(chunk));
        if (controller.desiredSize <= 0) source.pause();
      });
      source.on('end', () => {
        if (done) return;
        done = true;
        onDone();
        controller.close();
      });
      source.on('error', (err) => {
        if (done) return;
        done = true;
        onDone();
        if (signal.aborted) controller.error(abortReason(signal));
        else controller.error(new TypeError('terminated', { cause: err }));
      });
      source.pause();
    },
    pull() {
      source.resume();
    },
    cancel() {
      done = true;
      onDone();
      res.destroy();
    },
  }, { highWaterMark: 1 });
}

// One HTTP exchange: resolves with { res } once the response head arrived.
function httpExchange(url, method, headersList, body, signal) {
  const secure = url.protocol === 'https:';
  const http = require(secure ? 'https' : 'http');
  return new Promise((resolve, reject) => {
    const headers = [];
    const host = url.host;
    headers.push(['host', host], ['connection', 'keep-alive']);
    for (const [lower, e] of headersList.map) {
      if (lower === 'host' || lower === 'connection' || lower === 'content-length' ||
          lower === 'transfer-encoding' || lower === 'keep-alive') continue;
      if (lower === 'set-cookie') {
        for (const c of headersList.cookies || []) headers.push([e.name, c]);
      } else {
        headers.push([e.name, e.value]);
      }
    }
    const has = (name) => headersList.contains(name);
    if (!has('accept')) headers.push(['accept', '*/*']);
    if (!has('accept-language')) headers.push(['accept-language', '*']);
    if (!has('sec-fetch-mode')) headers.push(['sec-fetch-mode', 'cors']);
    if (!has('user-agent')) headers.push(['user-agent', 'node']);
    if (!has('accept-encoding')) headers.push(['accept-encoding', 'gzip, deflate']);
    if (body !== null && body.length !== null) {
      headers.push(['content-length', `${body.length}`]);
    } else if (body !== null) {
      headers.push(['transfer-encoding', 'chunked']);
    } else if (method === 'POST' || method === 'PUT') {
      headers.push(['content-length', '0']);
    }
    const req = http.request({
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      agent: fetchAgent(secure),
    });
    let settled = false;
    const onAbort = () => {
      const reason = abortReason(signal);
      req.destroy(reason);
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => signal.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      cleanup();
      if (!settled) {
        settled = true;
        reject(signal.aborted ? abortReason(signal) : fetchFailed(err));
      }
    });
    req.on('response', (res) => {
      settled = true;
      res.on('close', cleanup);
      resolve({ res, req, cleanup });
    });
    if (body === null) {
      req.end();
      return;
    }
    const reader = body.stream.getReader();
    const pump = () => {
      reader.read().then(({ value, done }) => {
        if (done) {
          req.end();
          return;
        }
        if (!(value instanceof Uint8Array)) {
          req.destroy(new TypeError('Received non-Uint8Array chunk'));
          return;
        }
        if (req.write(value)) pump();
        else req.once('drain', pump);
      }, (err) => req.destroy(err));
    };
    pump();
  });
}

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const st = request[kState];
  const signal = request.signal;
  if (signal.aborted) throw abortReason(signal);

  const { URL } = require('internal/url');
  let url = new URL(st.url);
  let method = st.method;
  const headersList = new (Object.getPrototypeOf(st.headersList).constructor)(st.headersList);
  let body = st.body;
  let redirects = 0;
  for (;;) {
    if (url.protocol === 'data:') return fetchDataURL(url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw fetchFailed(new TypeError('unknown scheme'));
    }
    if (badPorts.has(Number(url.port || (url.protocol === 'https:' ? 443 : 80)))) {
      throw fetchFailed(new Error('bad port'));
    }

    if (body !== null && body.stream.locked) {
      throw new TypeError('Body is unusable: Body has already been read');
    }
    const { res, cleanup } = await httpExchange(url, method, headersList, body, signal);
    const status = res.statusCode;
    const location = res.headers.location;
    if (redirectStatuses.includes(status) && location !== undefined && st.redirect !== 'manual') {
      res.resume();
      cleanup();
      if (st.redirect === 'error') throw fetchFailed(new Error('unexpected redirect'));
      let next;
      try {
        next = new URL(location, url);
      } catch (err) {
        throw fetchFailed(err);
      }
      if (++redirects > 20) throw fetchFailed(new Error('redirect count exceeded'));
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw fetchFailed(new TypeError('URL scheme must be a HTTP(S) scheme'));
      }
      if (body !== null && body.source === null && status !== 303) {
        throw fetchFailed(new TypeError('Cannot follow redirect with body being a readable stream'));
      }
      if (((status === 301 || status === 302) && method === 'POST') ||
          (status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        body = null;
        for (const h of requestBodyHeaders) headersList.delete(h);
      } else if (body !== null) {
        body = extractBody(body.source);
      }
      if (next.origin !== url.origin) {
        headersList.delete('authorization');
        headersList.delete('proxy-authorization');
        headersList.delete('cookie');
        headersList.delete('host');
      }
      url = next;
      continue;
    }
    const nullBody = method === 'HEAD' || method === 'CONNECT' || nullBodyStatuses.includes(status);
    let stream = null;
    if (nullBody) {
      res.resume();
    } else {
      stream = bodyStream(res, signal, cleanup);
    }
    const href = url.hash ? url.href.slice(0, -url.hash.length) : url.href;
    return makeResponse(status, res.statusMessage || '', res.rawHeaders, stream, href,
                        redirects > 0);
  }
}

module.exports = { fetch };
