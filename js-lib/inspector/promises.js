'use strict';
// inspector/promises: the inspector module with a promise-based Session#post
// (see inspector.js: shoal has no inspector, so sessions never connect).

const inspector = require('inspector');

class Session extends inspector.Session {
  async post(method, params) {
    return super.post(method, params);
  }
}

module.exports = { ...inspector, Session };
