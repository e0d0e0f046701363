// Import attributes (with / assert { type: 'json' }) and data: URLs, with
// Node's errors for a missing, wrong or unsupported type.
// stderr: ignore (Node 20.20 warns that `assert` is deprecated; shoal does not)
import data from './fixtures/attributes/data.json' with { type: 'json' };
import same from './fixtures/attributes/data.json' assert { type: 'json' };
import re, { text, re as reSource, tpl } from './fixtures/attributes/reexport.mjs';
import { createRequire } from 'node:module';

console.log('static', data, data === same, re === data);
console.log('untouched', text, reSource, tpl);

const show = async (label, load) => {
  try {
    const ns = await load();
    console.log(label, 'ok', { ...ns });
  } catch (err) {
    const dir = new URL('.', import.meta.url).href;
    console.log(label, err.name, err.code, err.message.replace(dir, '<DIR>/'));
  }
};

const js = 'data:text/javascript,export const x = 1';
const json = 'data:application/json,{"a":1}';
await show('data js', () => import(js));
await show('data base64', () => import(`data:text/javascript;base64,${Buffer.from('export default 2').toString('base64')}`));
await show('data json', () => import(json, { with: { type: 'json' } }));
await show('json no type', () => import(json));
await show('json empty', () => import('data:application/json,[]', { with: {} }));
await show('json other key', () => import('data:application/json,[1]', { with: { type: 'json', other: 'x' } }));
await show('js as json', () => import(js, { with: { type: 'json' } }));
await show('js as json again', () => import(js, { with: { type: 'json', other: 'x' } }));
await show('unsupported type', () => import(js, { with: { type: 'css' } }));
await show('file as json', () => import('./fixtures/attributes/data.json', { assert: { type: 'json' } }));
await show('file no type', () => import('./fixtures/attributes/data.json'));
await show('unknown mime', () => import('data:text/css,a{}', { with: { type: 'css' } }));
await show('bad data url', () => import('data:nothing'));
await show('http', () => import('http://example.com/a.js'));
await show('static from data', () => import(`data:text/javascript,import j from ${JSON.stringify(json)} with { type: "json" }; export default j;`));
await show('static missing type', () => import(`data:text/javascript,import j from ${JSON.stringify(json)}; export default j;`));

// import() with attributes from CommonJS code
const require = createRequire(import.meta.url);
await require('./fixtures/attributes/cjs.js').then((ns) => console.log('cjs', ns.default));
