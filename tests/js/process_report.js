'use strict';
// process.report: getReport()'s sections and header fields, the JavaScript
// stack of the error given, open TCP handles as libuv entries, writeReport
// to a file, and the argument checks of its API.
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const dir = path.join(os.tmpdir(), 'shoal-test-process_report');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);

const r = process.report.getReport();
console.log('sections:', Object.keys(r).join());
console.log('header:', Object.keys(r.header).join());
console.log('header values:', r.header.processId === process.pid, r.header.cwd === process.cwd(),
            r.header.event, r.header.trigger, r.header.reportVersion, r.header.arch, r.header.platform);
console.log('stack message:', r.javascriptStack.message, r.javascriptStack.errorProperties);
console.log('stack frames are strings:', r.javascriptStack.stack.every((s) => s.startsWith('at ')));
const err = new RangeError('boom');
err.extra = 42;
const e = process.report.getReport(err).javascriptStack;
console.log('given error:', e.message, e.errorProperties);
console.log('env:', r.environmentVariables.PATH === process.env.PATH);
console.log('shared objects:', Array.isArray(r.sharedObjects), r.sharedObjects.length > 0);
console.log('limits:', typeof r.userLimits.open_files.soft);
console.log('settings:', process.report.directory, process.report.filename, process.report.signal,
            process.report.compact, process.report.reportOnSignal);
console.log('report is enumerable:', Object.keys(process).includes('report'));

for (const bad of [() => process.report.getReport(1), () => process.report.writeReport(1),
  () => process.report.writeReport('x', 'y'), () => { process.report.directory = 1; },
  () => { process.report.reportOnSignal = 'yes'; }]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}

const server = net.createServer((sock) => sock.end());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const client = net.connect(port, '127.0.0.1', () => {
    const tcp = process.report.getReport().libuv.filter((h) => h.type === 'tcp');
    const listening = tcp.find((h) => h.remoteEndpoint === null);
    const mine = tcp.find((h) => h.remoteEndpoint && h.remoteEndpoint.port === port);
    console.log('tcp handles:', tcp.length >= 2);
    console.log('server:', listening.localEndpoint.port === port, listening.localEndpoint.ip4, listening.is_referenced);
    console.log('client:', mine.localEndpoint.port === client.localPort, mine.remoteEndpoint.ip4, mine.readable, mine.writable);
    client.destroy();
    server.close();

    process.report.directory = dir;
    const name = process.report.writeReport('report.json');
    const written = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    console.log('written:', name, written.header.filename, written.header.trigger, Object.keys(written).length);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
