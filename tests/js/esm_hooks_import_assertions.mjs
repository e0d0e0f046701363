// Module customization hooks: importAssertions, the older name of
// importAttributes, still works when a resolve hook returns it, when a load
// hook sets it on its context or passes it in a new context to next, with
// Node's ExperimentalWarning; read on a context, it is importAttributes,
// with the warning too (once per process, whatever ends the program).
import { spawnSync } from 'node:child_process';

const hooks = [
  function resolve() {
    return { shortCircuit: true, url: 'data:application/json,1', importAssertions: { type: 'json' } };
  },
  function load(u, c, n) {
    c.importAssertions = { type: 'json' };
    return n('data:application/json,1', c);
  },
  function load(u, c, n) {
    return n('data:application/json,1', { importAssertions: { type: 'json' } });
  },
  function load(u, c) {
    const read = [c.importAssertions, c.importAttributes];
    return { shortCircuit: true, format: 'json', source: JSON.stringify(read) };
  },
];

for (const hook of hooks) {
  const url = `data:text/javascript,export ${encodeURIComponent(hook)}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '--eval', `
    import { register } from 'node:module';
    register(${JSON.stringify(url)});
    const ns = await import('data:application/json,2', { assert: { type: 'json' } });
    console.log('imported', JSON.stringify(ns.default));
  `], { encoding: 'utf8' });
  const warnings = r.stderr.split('\n').filter((l) => l.includes('Warning')).map((l) => l.replace(/\(node:\d+\)/, '(node:PID)'));
  console.log('status', r.status, 'stdout', JSON.stringify(r.stdout), 'warnings', warnings);
}
