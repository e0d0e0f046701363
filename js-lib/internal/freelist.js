'use strict';
// internal/freelist: Node's FreeList, a bounded pool of reusable objects
// (the http client's llhttp parsers, _http_common.parsers). alloc() takes an
// idle one or makes one with ctor; free() keeps one while fewer than max are
// idle and returns whether it did (the caller releases it otherwise).

class FreeList {
  constructor(name, max, ctor) {
    this.name = name;
    this.ctor = ctor;
    this.max = max;
    this.list = [];
  }

  hasItems() {
    return this.list.length > 0;
  }

  alloc(...args) {
    return this.list.length > 0 ? this.list.pop() : Reflect.apply(this.ctor, this, args);
  }

  free(obj) {
    if (this.list.length < this.max) {
      this.list.push(obj);
      return true;
    }
    return false;
  }
}

module.exports = FreeList;
