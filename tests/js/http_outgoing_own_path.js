'use strict';
// OutgoingMessage's own output path (no C engine): what packages build over
// http.OutgoingMessage / http.ServerResponse with a socket or stream of
// their own, as Node 20: the head, chunked framing, write callbacks in order,
// outputData before a socket, writableFinished/writableLength, the DEP0066
// accessors, header checks that read _header, _http_common's exports.
const http = require('http');
const { Writable } = require('stream');
const { _checkIsHttpToken, _checkInvalidHeaderChar } = require('_http_common');

function sink(label, out) {
  return new Writable({
    write(chunk, encoding, cb) {
      out.push(chunk.toString('latin1'));
      setImmediate(cb);
    },
  });
}

function showHead(bytes) {
  return bytes.replace(/Date: [^\r]*\r\n/, 'Date: <date>\r\n');
}

function step1(next) {
  // A subclass that sends no head: only the body, then end's empty write.
  class Raw extends http.OutgoingMessage { _implicitHeader() {} }
  const out = [];
  const msg = new Raw();
  console.log('queued before a socket:', msg.write('abc'), msg.writableLength, msg.outputData.length);
  const ws = sink('raw', out);
  msg.socket = ws;
  ws._httpMessage = msg;
  msg.end('hello', () => {
    console.log('raw chunks:', JSON.stringify(out));
    console.log('raw finished:', msg.writableFinished, msg.writableEnded);
    next();
  });
}

function step2(next) {
  // A ServerResponse of user code over a Writable: head, chunked body.
  const out = [];
  const order = [];
  const res = new http.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1 });
  res.assignSocket(sink('res', out));
  res.setHeader('X-Test', 'yes');
  for (const c of ['a', '', Buffer.from('bc')]) res.write(c, () => order.push(JSON.stringify(String(c))));
  res.end('d', () => {
    console.log('callbacks:', order.join(' '));
    console.log('bytes:', JSON.stringify(showHead(out.join(''))));
    console.log('chunkedEncoding:', res.chunkedEncoding, 'headersSent:', res.headersSent);
    next();
  });
}

function step3(next) {
  // end(data) before the head: Content-Length, no chunking.
  const out = [];
  const res = new http.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1 });
  res.assignSocket(sink('res', out));
  res.end('héllo', () => {
    console.log('bytes:', JSON.stringify(showHead(out.join(''))));
    res.end((err) => console.log('end again:', err && err.code));
    next();
  });
}

function step4() {
  const msg = new http.OutgoingMessage();
  msg.setHeader('Key', 'v');
  console.log('_headerNames:', JSON.stringify(msg._headerNames));
  msg._headerNames = { key: 'KEY' };
  console.log('renamed:', msg.getRawHeaderNames());
  console.log('_headers:', JSON.stringify(msg._headers));
  try {
    http.OutgoingMessage.prototype.setHeader.call({ _header: 'x' }, 'a', 'b');
  } catch (e) {
    console.log('sent:', e.code);
  }
  try {
    msg.write('x');
  } catch (e) {
    console.log('write:', e.code, e.message);
  }
  const err = new Error('boom');
  msg.on('socket', (s) => console.log('destroyed with:', s.destroyed));
  msg.destroy(err);
  console.log('errored:', msg.errored === err, 'closed:', msg.closed, 'destroyed:', msg.destroyed);
  console.log('token:', _checkIsHttpToken('x-ok'), _checkIsHttpToken('bad token'), _checkIsHttpToken(''));
  console.log('invalid char:', _checkInvalidHeaderChar('ok'), _checkInvalidHeaderChar('\u3042'));
}

step1(() => step2(() => step3(step4)));
