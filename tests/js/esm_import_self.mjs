// A module that import()s itself while it is being evaluated gets its own
// namespace once its evaluation is over (shoal used to abort in V8's
// Module::Evaluate).
import('./esm_import_self.mjs').then((ns) => {
  console.log('self import:', Object.keys(ns), ns.marker === marker, ns.done);
});
export const marker = 'self';
export let done = false;
console.log('top level');
done = true;
