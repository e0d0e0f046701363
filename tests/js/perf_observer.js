// PerformanceObserver: marks and measures reach the observers of their
// type, delivered together after the current task (one callback with both
// entries), an observer of another type sees nothing, takeRecords() empties
// the buffer, disconnect() stops delivery; option validation.
const { performance, PerformanceObserver } = require('perf_hooks');

let calls = 0;
const obs = new PerformanceObserver((list, observer) => {
  calls++;
  console.log('callback', calls, observer === obs,
    list.getEntries().map((e) => `${e.entryType}:${e.name}`).join(' '),
    list.getEntriesByType('mark').length, list.getEntriesByName('m1').length);
});
obs.observe({ entryTypes: ['mark', 'measure'] });
const other = new PerformanceObserver(() => console.log('net observer called'));
other.observe({ type: 'net' });

performance.mark('m1');
performance.measure('me1', 'm1');
console.log('before the callback:', calls);

setImmediate(() => {
  setImmediate(() => {
    const taker = new PerformanceObserver(() => console.log('taker called'));
    taker.observe({ type: 'mark' });
    performance.mark('m2');
    console.log('takeRecords:', taker.takeRecords().map((e) => e.name).join(','));
    obs.disconnect();
    taker.disconnect();
    other.disconnect();
    performance.mark('m3');
    try {
      obs.observe({});
    } catch (e) {
      console.log('observe({}):', e.code);
    }
    try {
      new PerformanceObserver('no'); // eslint-disable-line no-new
    } catch (e) {
      console.log('no callback:', e.code);
    }
    console.log('supported includes net, dns:',
      PerformanceObserver.supportedEntryTypes.includes('net'),
      PerformanceObserver.supportedEntryTypes.includes('dns'));
  });
});
