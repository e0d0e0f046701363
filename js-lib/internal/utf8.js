'use strict';
// WHATWG "UTF-8 decode without BOM" (invalid sequences become U+FFFD,
// maximal subpart), shared by url and querystring: the native decoder of
// internalBinding('buffer'), whatever array of bytes it is given.

const { utf8Slice } = internalBinding('buffer');

function utf8Decode(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
  return utf8Slice(u8, 0, u8.length);
}

module.exports = { utf8Decode };
