'use strict';
// stream/consumers: read a whole stream (Node stream, web ReadableStream or
// any async iterable) into one value.

const { Buffer } = require('buffer');
const { TextDecoder } = require('internal/encoding');
const { makeNodeError } = require('internal/errors');

// A locked web ReadableStream cannot be read: Node's TypeError, not the
// web streams implementation's own one.
function chunksOf(stream) {
  if (stream !== null && typeof stream === 'object' && stream.locked === true &&
      typeof stream.getReader === 'function') {
    throw makeNodeError(TypeError, 'ERR_INVALID_STATE', 'Invalid state: The ReadableStream is locked');
  }
  return stream;
}

async function blob(stream) {
  const { Blob } = require('internal/blob');
  const chunks = [];
  for await (const chunk of chunksOf(stream)) chunks.push(chunk);
  return new Blob(chunks);
}

async function arrayBuffer(stream) {
  const b = await blob(stream);
  return b.arrayBuffer();
}

async function buffer(stream) {
  return Buffer.from(await arrayBuffer(stream));
}

async function text(stream) {
  const dec = new TextDecoder();
  let str = '';
  for await (const chunk of chunksOf(stream)) {
    if (typeof chunk === 'string') str += chunk;
    else str += dec.decode(chunk, { stream: true });
  }
  str += dec.decode(undefined, { stream: false });
  return str;
}

async function json(stream) {
  return JSON.parse(await text(stream));
}

module.exports = { arrayBuffer, blob, buffer, text, json };
