'use strict';
// The objects that own an open libuv handle (net sockets and servers), for
// process._getActiveHandles() and the handle entries of
// process.getActiveResourcesInfo(), as Node lists its handle wraps' owners.
// An owner registers while its handle is open, with how to tell whether
// the handle is ref'd and Node's type name for it.

const owners = new Map(); // owner -> { refed(owner), type(owner) }

function track(owner, info) {
  owners.set(owner, info);
}

function untrack(owner) {
  owners.delete(owner);
}

// The owners of ref'd handles, oldest first.
function activeOwners() {
  const out = [];
  for (const [owner, info] of owners) if (info.refed(owner)) out.push(owner);
  return out;
}

function activeTypes() {
  const out = [];
  for (const [owner, info] of owners) if (info.refed(owner)) out.push(info.type(owner));
  return out;
}

// Every open handle's owner with its info, ref'd or not (process.report).
function openOwners() {
  return [...owners];
}

module.exports = { track, untrack, activeOwners, activeTypes, openOwners };
