// App contract 1, as an ES module: `export default` a request listener.
// Top-level await runs before the worker reports ready, so start-up work
// (loading a config, warming a cache) finishes before traffic arrives.
//
//   build/shoal start --app deploy/examples/esm.mjs --listen 8080 --workers 2
//   curl localhost:8080/
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const source = await readFile(self, 'utf8');
const lines = source.split('\n').length;

export default function handler(req, res) {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ module: 'esm', lines, url: req.url }) + '\n');
}
