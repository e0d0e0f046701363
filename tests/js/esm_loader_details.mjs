// ES module loader details Node's tests check: import.meta's keys, a
// syntax error thrown again as the same object, the resolve cache, invalid
// package names, an own `url` on resolution errors, and --input-type=module
// code resolving from the cwd.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

console.log('meta keys', Reflect.ownKeys(import.meta), Object.getPrototypeOf(import.meta));

const first = await import('./fixtures/loader-details/bad.mjs').catch((e) => e);
const second = await import('./fixtures/loader-details/bad.mjs').catch((e) => e);
console.log('syntax error', first.name, first === second);

for (const spec of ['as%2Ff', '@scope', '.hidden/x', 'a\\b']) {
  const err = await import(spec).catch((e) => e);
  console.log('package name', spec, err.code);
}

Object.defineProperty(Object.prototype, 'url', { set() { console.log('setter called'); }, configurable: true });
const dirErr = await import('./fixtures/loader-details/dir').catch((e) => e);
console.log('dir import', dirErr.code, Object.hasOwn(dirErr, 'url'), dirErr.url.endsWith('/loader-details/dir'));
delete Object.prototype.url;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-test-esm_loader_details-'));
const target = pathToFileURL(path.join(tmp, 'gone.mjs')).href;
const missing = await import(target).catch((e) => e.code);
fs.writeFileSync(new URL(target), 'export default "here";');
const ns = await import(target);
fs.rmSync(new URL(target));
console.log('resolve cache', missing, ns.default, (await import(target)) === ns);

fs.writeFileSync(path.join(tmp, 'dep.mjs'), 'export default "dep from cwd";');
const out = execFileSync(process.execPath, ['--input-type=module', '-e',
  'import d from "./dep.mjs"; console.log(d, import.meta.url.endsWith("/[eval1]"));'],
{ cwd: tmp, encoding: 'utf8' });
console.log('eval module', out.trim());
fs.rmSync(tmp, { recursive: true, force: true });

// A JSON module shares require()'s cache.
const { createRequire } = await import('node:module');
const req = createRequire(import.meta.url);
req('./fixtures/loader-details/shared.json').one = 'changed by require';
const json = await import('./fixtures/loader-details/shared.json', { with: { type: 'json' } });
console.log('json cache', json.default.one, json.default === req('./fixtures/loader-details/shared.json'));

// An extension Node does not know is not imported as JavaScript.
const unknown = await import('./fixtures/loader-details/file.unknown').catch((e) => e);
console.log('unknown extension', unknown.name, unknown.code);

// process.exit() during a top-level await that never settles keeps its code.
const exited = (() => {
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e',
      'setTimeout(() => process.exit(), 1); await new Promise(() => {});']);
    return 0;
  } catch (err) {
    return err.status;
  }
})();
console.log('process.exit in TLA', exited);
