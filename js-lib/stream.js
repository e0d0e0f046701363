'use strict';
// stream: Node's streams (Readable, Writable, Duplex, Transform,
// PassThrough, pipeline, finished, compose, addAbortSignal, promises), from
// the readable-stream npm package (pinned in js-lib/vendor, bundled at
// build time), which carries Node's own stream semantics.

const Stream = require('vendor/readable-stream/lib/stream');

module.exports = Stream;
