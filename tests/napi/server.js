'use strict';
// An HTTP app (listener contract) over the Node-API test addon, for
// `shoal start` clusters (tests/napi/test_napi.py). The addon's path is in
// NAPI_TEST_ADDON.
const addon = require(process.env.NAPI_TEST_ADDON);

const counter = new addon.Counter(0);
module.exports = async (req, res) => {
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    if (req.url === '/sum') return reply(200, { sum: await addon.asyncSum([1, 2, 3, 4]) });
    if (req.url === '/count') return reply(200, { count: counter.increment(), pid: process.pid });
    if (req.url === '/thread') {
      const seen = [];
      const n = await addon.startThread(20, (v) => seen.push(v));
      return reply(200, { n, seen: seen.length });
    }
    if (req.url === '/throw') return addon.throwKind(0);
    if (req.url === '/bad') return reply(200, addon.badArgs().nullResult);
    if (req.url === '/crash') return addon.crash();
    return reply(404, {});
  } catch (e) {
    return reply(500, { message: e.message, code: e.code });
  }
};
