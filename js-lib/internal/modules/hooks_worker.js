'use strict';
// Module customization hooks, the hooks thread's side (see
// internal/modules/hooks): imports the registered hook modules with this
// thread's own (hook-less) loader and runs the resolve and load chains as
// Node's hooks.js does: the last registered hook first, each given the next
// one, Node's default resolve/load at the end; a hook must call next or
// return shortCircuit: true (ERR_LOADER_CHAIN_INCOMPLETE), and what each
// returns is checked (ERR_INVALID_RETURN_VALUE / _PROPERTY_VALUE).

const { codes } = require('internal/errors');
const { validateObject, validateString } = require('internal/validators');
const esm = require('internal/modules/esm');

const resolvers = []; // { fn, url }
const loaders = [];

// Node's defaultResolve takes a URL of any scheme as it is, and resolves a
// relative specifier against a parent of any scheme (defaultLoad then
// refuses schemes it cannot load).
const ownSchemes = /^(file|node|data):/;

function foreignURL(specifier, parentURL) {
  try {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)) {
      return ownSchemes.test(specifier) ? undefined : new URL(specifier).href;
    }
    if (/^\.{0,2}\//.test(specifier) && parentURL && !ownSchemes.test(parentURL)) {
      return new URL(specifier, parentURL).href;
    }
  } catch {}
  return undefined;
}

function defaultResolve(specifier, context) {
  const foreign = foreignURL(specifier, context.parentURL);
  if (foreign !== undefined) return { url: foreign, format: undefined };
  const url = esm.resolve(specifier, context.parentURL || 'data:');
  let format;
  try {
    format = esm.formatOfURL(url);
  } catch {
    format = undefined;
  }
  return { url, format: format === null ? undefined : format };
}

function defaultLoad(url, context) {
  let format = context.format;
  let source = null;
  if (url.startsWith('node:')) {
    format = format || 'builtin';
  } else if (url.startsWith('data:')) {
    const data = esm.dataURLSource(url);
    format = format || data.format;
    source = data.source;
    if (format == null) throw new codes.ERR_UNKNOWN_MODULE_FORMAT(data.mime, url);
  } else if (url.startsWith('file:')) {
    const file = esm.fileHrefToPath(url);
    if (format == null) format = esm.formatOf(file);
    if (format == null) {
      throw new codes.ERR_UNKNOWN_FILE_EXTENSION(require('path').extname(file), file);
    }
    // (CommonJS source too under --experimental-default-type=module, as Node.)
    if (format !== 'builtin' && (format !== 'commonjs' || require('internal/modules/run_main').defaultType() === 'module')) {
      source = require('fs').readFileSync(file);
    }
  } else {
    throw new codes.ERR_UNSUPPORTED_ESM_URL_SCHEME(url.slice(0, url.indexOf(':') + 1));
  }
  require('internal/modules/attributes').validateAttributes(url, format,
    context.importAttributes);
  return { format, source };
}

function isObject(v) {
  return v !== null && typeof v === 'object';
}

// Each step's output must be an object (named by the step's next function);
// its properties are checked once the chain has settled, naming the last
// hook that ran, as Node does.
function checkObject(output, id) {
  if (!isObject(output)) throw new codes.ERR_INVALID_RETURN_VALUE('an object', id, output);
}

function checkResolved(output, id) {
  checkObject(output, id);
  if (typeof output.url !== 'string') {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE('a URL string', id, 'url', output.url);
  }
  try {
    new URL(output.url);
  } catch {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE('a URL string', id, 'url', output.url);
  }
  const { format, importAttributes } = output;
  if (format != null && typeof format !== 'string') {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE('a string', id, 'format', format);
  }
  if (importAttributes != null && typeof importAttributes !== 'object') {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE('an object', id, 'importAttributes', importAttributes);
  }
}

function checkLoaded(output, id) {
  checkObject(output, id);
  const { format, source } = output;
  if (typeof format !== 'string') {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE('a string', id, 'format', format);
  }
  if (source != null && typeof source !== 'string' && !ArrayBuffer.isView(source) &&
      !(source instanceof ArrayBuffer)) {
    throw new codes.ERR_INVALID_RETURN_PROPERTY_VALUE(
      'a string, an ArrayBuffer, or a TypedArray', id, 'source', source);
  }
}

// What a next function accepts (Node's validateArgs); undefined context
// keeps the current one.
function checkResolveArgs(id, specifier, context) {
  validateString(specifier, `${id} specifier`);
  if (context !== undefined) validateObject(context, `${id} context`);
}

function checkLoadArgs(id, url, context) {
  if (typeof url !== 'string') throw new codes.ERR_INVALID_ARG_TYPE(`${id} url`, 'a URL string', url);
  if (!url.startsWith('file:')) {
    try {
      new URL(url);
    } catch {
      throw new codes.ERR_INVALID_ARG_VALUE(`${id} url`, url, 'should be a URL string');
    }
  }
  if (context !== undefined) validateObject(context, `${id} context`);
}

// Warnings of the loader itself go back with the answer and are emitted by
// the main thread (its warning settings; an answer that ends the program
// would otherwise outrun a warning written from here).
const pendingWarnings = [];

// importAssertions, the older name of importAttributes: read or set on a
// hook's context (Object.assign of a next call's context sets it too) or
// returned by a resolve hook, it still works, with Node's warning, once.
let warnedImportAssertions = false;
function warnImportAssertions() {
  if (warnedImportAssertions) return;
  warnedImportAssertions = true;
  pendingWarnings.push({ message: 'Use `importAttributes` instead of `importAssertions`', type: 'ExperimentalWarning' });
}

function withImportAssertions(context) {
  return Object.defineProperty(context, 'importAssertions', {
    configurable: true,
    get() {
      warnImportAssertions();
      return this.importAttributes;
    },
    set(value) {
      warnImportAssertions();
      this.importAttributes = value;
    },
  });
}

// Runs `chain` (hooks in registration order) on arg0 from the last hook to
// the default one. Errors name the hook as Node's do:
// "URL 'resolve' hook's nextResolve()".
async function runChain(chain, name, defaultHook, arg0, context, checkArgs, checkOutput) {
  const nextName = `next${name[0].toUpperCase()}${name.slice(1)}`;
  const meta = { context: withImportAssertions({ ...context }), finished: false, shortCircuited: false, id: '' };
  const hookURL = (i) => (i < 0 ? 'node:internal/modules/esm/hooks' : chain[i].url);
  const step = (i) => Object.defineProperty(async (arg, nextContext) => {
    checkArgs(`${meta.id || `${hookURL(i)} '${name}'`} hook's ${nextName}()`, arg, nextContext);
    meta.id = `${hookURL(i)} '${name}'`;
    const outputId = `${meta.id} hook's ${nextName}()`;
    if (nextContext !== undefined) Object.assign(meta.context, nextContext);
    let output;
    if (i < 0) {
      meta.finished = true;
      output = await defaultHook(arg, meta.context);
    } else {
      // Called as plain functions, as Node does (`this` is undefined).
      output = await Reflect.apply(chain[i].fn, undefined, [arg, meta.context, step(i - 1)]);
    }
    checkObject(output, outputId);
    if (output.shortCircuit === true) meta.shortCircuited = true;
    return output;
  }, 'name', { value: nextName });
  const output = await step(chain.length - 1)(arg0);
  if (!meta.finished && !meta.shortCircuited) {
    throw new codes.ERR_LOADER_CHAIN_INCOMPLETE(meta.id); // (the hook that stopped)
  }
  checkOutput(output, meta.id);
  return output;
}

// The hook module is found through the hooks registered before it (a hook
// may resolve the next one's specifier), then imported.
async function register(specifier, parentURL, data) {
  const { url } = await resolve(specifier, parentURL, {});
  const ns = await esm.importURL(url);
  if (typeof ns.initialize === 'function') await Reflect.apply(ns.initialize, undefined, [data]);
  if (typeof ns.resolve === 'function') resolvers.push({ fn: ns.resolve, url });
  if (typeof ns.load === 'function') loaders.push({ fn: ns.load, url });
  if (typeof ns.globalPreload !== 'function') return undefined;
  // The deprecated globalPreload({ port }): code the main thread runs, given
  // the other end of that port (warned about there: its warning settings).
  const warn = typeof ns.initialize !== 'function';
  const { port1, port2 } = new (require('worker_threads').MessageChannel)();
  const code = await ns.globalPreload.call(undefined, { port: port1 });
  if (code == null) {
    port1.close();
    return { warnGlobalPreload: warn };
  }
  return { warnGlobalPreload: warn, preloadCode: String(code), port: port2, [kTransfer]: [port2] };
}

const kTransfer = Symbol('kTransfer');

async function resolve(specifier, parentURL, importAttributes) {
  const context = { conditions: ['node', 'import', 'node-addons'], importAttributes, parentURL };
  const out = await runChain(resolvers, 'resolve', defaultResolve, specifier, context,
    checkResolveArgs, checkResolved);
  let attributes = out.importAttributes;
  if (!attributes && Object.prototype.hasOwnProperty.call(out, 'importAssertions')) {
    warnImportAssertions();
    attributes = out.importAssertions;
  }
  return { url: out.url, format: out.format ?? undefined, importAttributes: attributes ?? importAttributes };
}

async function load(url, format, importAttributes) {
  const context = { conditions: ['node', 'import', 'node-addons'], format, importAttributes };
  const out = await runChain(loaders, 'load', defaultLoad, url, context, checkLoadArgs,
    checkLoaded);
  let source = out.source;
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  else if (ArrayBuffer.isView(source) && !(source instanceof Uint8Array)) {
    source = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  }
  return { format: out.format, source: source ?? null };
}

const handlers = { register, resolve, load };

// Answers one request: the result, or the error with its own enumerable
// properties (code, ...) beside it, then wakes the waiting main thread.
function answer(port, lock, message) {
  message.warnings = pendingWarnings.splice(0);
  try {
    const transfer = isObject(message.value) && message.value[kTransfer];
    port.postMessage(message, transfer || []);
  } catch {
    port.postMessage({ ok: false, value: new Error(String(message.value)), warnings: message.warnings });
  }
  Atomics.store(lock, 0, 1);
  Atomics.notify(lock, 0);
}

function run({ port, lock }) {
  port.on('message', ({ type, args }) => {
    Promise.resolve().then(() => handlers[type](...args)).then(
      (value) => answer(port, lock, { ok: true, value }),
      (err) => {
        const props = {};
        if (isObject(err)) {
          for (const key of Object.keys(err)) {
            try {
              props[key] = structuredClone(err[key]);
            } catch {}
          }
        }
        answer(port, lock, { ok: false, value: err, props });
      });
  });
}

module.exports = { run };
