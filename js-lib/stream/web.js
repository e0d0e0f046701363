'use strict';
// stream/web: the WHATWG streams classes (see internal/webstreams).

const w = require('internal/webstreams');

module.exports = {
  ReadableStream: w.ReadableStream,
  ReadableStreamDefaultReader: w.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: w.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: w.ReadableStreamBYOBRequest,
  ReadableByteStreamController: w.ReadableByteStreamController,
  ReadableStreamDefaultController: w.ReadableStreamDefaultController,
  TransformStream: w.TransformStream,
  TransformStreamDefaultController: w.TransformStreamDefaultController,
  WritableStream: w.WritableStream,
  WritableStreamDefaultWriter: w.WritableStreamDefaultWriter,
  WritableStreamDefaultController: w.WritableStreamDefaultController,
  ByteLengthQueuingStrategy: w.ByteLengthQueuingStrategy,
  CountQueuingStrategy: w.CountQueuingStrategy,
  TextEncoderStream: w.TextEncoderStream,
  TextDecoderStream: w.TextDecoderStream,
};
