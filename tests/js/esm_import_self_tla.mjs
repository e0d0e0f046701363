// Awaiting an import() of itself at the top level never settles: the
// process ends with code 13 (unsettled top-level await), without a message
// in Node 20.20.
console.log('before');
await import('./esm_import_self_tla.mjs');
console.log('never printed');
