// An import of a CommonJS module that require() loaded earlier sees its
// module.exports as the load ended, not what was assigned since (Node takes
// that snapshot when the module finishes loading); a later require() sees
// the current value.
import './fixtures/cjs-snapshot/mutator.js';
import number from './fixtures/cjs-snapshot/number.js';
import counter from './fixtures/cjs-snapshot/counter.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
console.log('number imported:', number);
console.log('counter imported:', counter);
console.log('number required now:', require('./fixtures/cjs-snapshot/number.js'));
console.log('counter required now:', require('./fixtures/cjs-snapshot/counter.js'));
const again = await import('./fixtures/cjs-snapshot/number.js');
console.log('number imported again:', again.default);
