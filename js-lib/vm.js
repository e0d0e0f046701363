'use strict';
// vm: compiling and running code in the current V8 context or in new ones
// (internalBinding('vm'), bindings/v8shim_vm.cc). A context is made from a
// sandbox object: inside it, globals read the sandbox's properties and
// assignments to globals land on the sandbox, as in Node. New contexts have
// only V8's globals (no require, process, console methods of Node, nor the
// ES additions of internal/es_builtins). `timeout` is honoured (a watchdog
// thread stops the script); `breakOnSigint` and `importModuleDynamically`
// are accepted and ignored; `displayErrors` does not decorate stacks.

const binding = internalBinding('vm');
const { Buffer } = require('buffer');
const { codes, validateString } = require('internal/errors');

const kScript = Symbol('kScript');

// Node's vm accepts arrays where an object is asked for.
function validateObject(value, name) {
  if (value === null || typeof value !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'object', value);
  }
}

function validateInt(value, name) {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) {
    throw new codes.ERR_OUT_OF_RANGE(name, 'an integer', value);
  }
  return value;
}

function validateTimeout(options) {
  const timeout = options.timeout;
  if (timeout === undefined) return 0;
  if (typeof timeout !== 'number') {
    throw new codes.ERR_INVALID_ARG_TYPE('options.timeout', 'number', timeout);
  }
  if (!Number.isInteger(timeout) || timeout <= 0 || timeout > 2 ** 32 - 1) {
    throw new codes.ERR_OUT_OF_RANGE('options.timeout', `>= 1 && <= ${2 ** 32 - 1}`, timeout);
  }
  return timeout;
}

function validateCachedData(value, name) {
  if (value !== undefined && !ArrayBuffer.isView(value)) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, ['Buffer', 'TypedArray', 'DataView'], value);
  }
}

function isContext(object) {
  validateObject(object, 'object');
  return binding.contextGlobal(object) !== undefined;
}

function contextGlobalOf(contextifiedObject) {
  if (contextifiedObject !== null && typeof contextifiedObject === 'object') {
    const g = binding.contextGlobal(contextifiedObject);
    if (g !== undefined) return g;
  }
  throw new codes.ERR_INVALID_ARG_TYPE('contextifiedObject', 'vm.Context', contextifiedObject);
}

function timeoutError(ms) {
  const err = new Error(`Script execution timed out after ${ms}ms`);
  err.code = 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  return err;
}

function run(script, global, options) {
  if (typeof options === 'string') options = {};
  if (options === undefined || options === null) options = {};
  validateObject(options, 'options');
  const timeout = validateTimeout(options);
  const result = binding.runScript(script[kScript], global, timeout);
  if (result === binding.timedOut) throw timeoutError(timeout);
  return result;
}

// The base Node gives Script (its native ContextifyScript): createCachedData
// lives on its prototype.
class ContextifyScript {
  createCachedData() {
    return Buffer.from(binding.createCachedData(this[kScript]));
  }
}

class Script extends ContextifyScript {
  constructor(code, options = {}) {
    super();
    code = `${code}`;
    if (typeof options === 'string') options = { filename: options };
    else validateObject(options, 'options');
    const {
      filename = 'evalmachine.<anonymous>',
      lineOffset = 0,
      columnOffset = 0,
      cachedData,
      produceCachedData = false,
    } = options;
    validateString(filename, 'options.filename');
    validateInt(lineOffset, 'options.lineOffset');
    validateInt(columnOffset, 'options.columnOffset');
    validateCachedData(cachedData, 'options.cachedData');
    if (typeof produceCachedData !== 'boolean') {
      throw new codes.ERR_INVALID_ARG_TYPE('options.produceCachedData', 'boolean', produceCachedData);
    }
    const [script, rejected] = binding.compileScript(code, filename, lineOffset, columnOffset,
      cachedData);
    Object.defineProperty(this, kScript, { value: script });
    if (cachedData !== undefined) this.cachedDataRejected = rejected;
    if (produceCachedData) {
      this.cachedData = this.createCachedData();
      this.cachedDataProduced = this.cachedData.length > 0;
    }
    const mapURL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/.exec(code);
    this.sourceMapURL = mapURL ? mapURL[1] : undefined;
  }

  runInThisContext(options) {
    return run(this, null, options);
  }

  runInContext(contextifiedObject, options) {
    return run(this, contextGlobalOf(contextifiedObject), options);
  }

  runInNewContext(contextObject, options) {
    const context = createContext(contextObject, getContextOptions(options));
    return this.runInContext(context, options);
  }
}

function getContextOptions(options) {
  if (options === null || typeof options !== 'object') return {};
  return {
    name: options.contextName,
    origin: options.contextOrigin,
    codeGeneration: options.contextCodeGeneration,
    microtaskMode: options.microtaskMode,
  };
}

function createContext(contextObject = {}, options = {}) {
  if (contextObject !== null && typeof contextObject === 'object' &&
      binding.contextGlobal(contextObject) !== undefined) {
    return contextObject;
  }
  validateObject(contextObject, 'object');
  validateObject(options, 'options');
  if (options.name !== undefined) validateString(options.name, 'options.name');
  if (options.origin !== undefined) validateString(options.origin, 'options.origin');
  binding.makeContext(contextObject);
  return contextObject;
}

function createScript(code, options) {
  return new Script(code, options);
}

function runInContext(code, contextifiedObject, options) {
  contextGlobalOf(contextifiedObject); // Node validates before compiling
  if (typeof options === 'string') options = { filename: options };
  return createScript(code, options).runInContext(contextifiedObject, options);
}

function runInNewContext(code, contextObject, options) {
  if (typeof options === 'string') options = { filename: options };
  contextObject = createContext(contextObject, getContextOptions(options));
  return createScript(code, options).runInContext(contextObject, options);
}

function runInThisContext(code, options) {
  if (typeof options === 'string') options = { filename: options };
  return createScript(code, options).runInThisContext(options);
}

function compileFunction(code, params = [], options = {}) {
  validateString(code, 'code');
  if (!Array.isArray(params)) throw new codes.ERR_INVALID_ARG_TYPE('params', 'Array', params);
  params.forEach((p, i) => validateString(p, `params[${i}]`));
  validateObject(options, 'options');
  const {
    filename = '',
    columnOffset = 0,
    lineOffset = 0,
    cachedData,
    produceCachedData = false,
    parsingContext,
    contextExtensions = [],
  } = options;
  validateString(filename, 'options.filename');
  validateInt(columnOffset, 'options.columnOffset');
  validateInt(lineOffset, 'options.lineOffset');
  validateCachedData(cachedData, 'options.cachedData');
  let global = null;
  if (parsingContext !== undefined) {
    validateObject(parsingContext, 'options.parsingContext');
    global = binding.contextGlobal(parsingContext);
    if (global === undefined) {
      throw new codes.ERR_INVALID_ARG_TYPE('options.parsingContext', 'Context', parsingContext);
    }
  }
  if (!Array.isArray(contextExtensions)) {
    throw new codes.ERR_INVALID_ARG_TYPE('options.contextExtensions', 'Array', contextExtensions);
  }
  contextExtensions.forEach((e, i) => validateObject(e, `options.contextExtensions[${i}]`));
  const fn = binding.compileFunction(code, filename, lineOffset, columnOffset, params, global,
    contextExtensions);
  if (produceCachedData) {
    Object.defineProperty(fn, 'cachedDataProduced', { value: false, writable: true, configurable: true, enumerable: true });
  }
  return fn;
}

function measureMemory(options = {}) {
  process.emitWarning('vm.measureMemory is an experimental feature and might change at any time',
    'ExperimentalWarning');
  validateObject(options, 'options');
  const used = require('v8').getHeapStatistics().used_heap_size;
  return Promise.resolve({ total: { jsMemoryEstimate: used, jsMemoryRange: [used, used] } });
}

const constants = Object.freeze(Object.setPrototypeOf({
  USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol('vm_dynamic_import_main_context_default'),
  DONT_CONTEXTIFY: Symbol('vm_context_no_contextify'),
}, null));

module.exports = {
  Script,
  createContext,
  createScript,
  runInContext,
  runInNewContext,
  runInThisContext,
  isContext,
  compileFunction,
  measureMemory,
  constants,
};
