'use strict';
// trace_events: the API shape of Node's module. shoal records no trace
// events: tracings can be created, enabled and disabled; nothing is written.

const { codes } = require('internal/errors');

const enabled = new Set();

class Tracing {
  #categories;
  #enabled = false;

  constructor(categories) {
    this.#categories = categories;
  }

  enable() {
    this.#enabled = true;
    for (const c of this.#categories) enabled.add(c);
  }

  disable() {
    this.#enabled = false;
    for (const c of this.#categories) enabled.delete(c);
  }

  get enabled() {
    return this.#enabled;
  }

  get categories() {
    return this.#categories.join(',');
  }
}

function createTracing(options) {
  if (options === null || typeof options !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('options', 'object', options);
  }
  if (!Array.isArray(options.categories)) {
    throw new codes.ERR_INVALID_ARG_TYPE('options.categories', 'string[]', options.categories);
  }
  if (options.categories.length <= 0) {
    const err = new TypeError('At least one category is required');
    err.code = 'ERR_TRACE_EVENTS_CATEGORY_REQUIRED';
    throw err;
  }
  return new Tracing(options.categories);
}

function getEnabledCategories() {
  return enabled.size ? [...enabled].join(',') : undefined;
}

module.exports = { createTracing, getEnabledCategories };
