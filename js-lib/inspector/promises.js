'use strict';
// inspector/promises: the inspector module whose Session#post returns a
// promise of the result (as Node's: the callback API promisified).

const inspector = require('inspector');
const { promisify } = require('util');

class Session extends inspector.Session {
  constructor() { super(); } // eslint-disable-line no-useless-constructor
}
Session.prototype.post = promisify(inspector.Session.prototype.post);

module.exports = { ...inspector, Session };
