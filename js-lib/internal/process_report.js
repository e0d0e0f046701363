'use strict';
// process.report: Node's diagnostic report as a JSON object (getReport) or
// file (writeReport), with the sections of Node's report shape built from
// what the runtime already knows: the header (process, versions, os),
// the JavaScript stack of the error given (or a synthetic one), heap
// statistics, resource usage, the open net handles as libuv entries,
// environment variables, the process's limits and its shared objects
// (/proc/self/limits and /proc/self/maps). Native frames are not reported
// (nativeStack is empty). reportOnFatalError/reportOnUncaughtException are
// kept as settings only; reportOnSignal writes a report on the signal.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { codes } = require('internal/errors');
const { validateString } = require('internal/validators');

const kReportVersion = 4;
const settings = {
  directory: '',
  filename: '',
  compact: false,
  excludeNetwork: false,
  signal: 'SIGUSR2',
  reportOnFatalError: false,
  reportOnSignal: false,
  reportOnUncaughtException: false,
};
let sequence = 0;

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function localTime(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}Z`;
}

// report.YYYYMMDD.HHMMSS.PID.TID.SEQ.json, as Node names them.
function defaultFilename(d) {
  sequence++;
  return `report.${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}.` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.` +
    `${process.pid}.0.${pad(sequence, 3)}.json`;
}

function readProc(file) {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

function header(event, trigger, filename, d) {
  const h = {
    reportVersion: kReportVersion,
    event,
    trigger,
    filename: filename || null,
    dumpEventTime: localTime(d),
    dumpEventTimeStamp: String(d.getTime()),
    processId: process.pid,
    threadId: 0,
    cwd: process.cwd(),
    commandLine: [process.argv0, ...process.execArgv, ...process.argv.slice(1)],
    nodejsVersion: process.version,
    glibcVersionRuntime: internalBinding('process').glibcVersionRuntime,
    glibcVersionCompiler: internalBinding('process').glibcVersionCompiler,
    wordSize: 64,
    arch: process.arch,
    platform: process.platform,
    componentVersions: { ...process.versions },
    release: { ...process.release },
    osName: os.type(),
    osRelease: os.release(),
    osVersion: os.version(),
    osMachine: os.machine(),
    cpus: os.cpus().map((c) => ({ model: c.model, speed: c.speed, ...c.times })),
  };
  if (!settings.excludeNetwork) {
    h.networkInterfaces = [];
    for (const [name, list] of Object.entries(os.networkInterfaces())) {
      for (const i of list) {
        h.networkInterfaces.push({ name, internal: i.internal, mac: i.mac, address: i.address,
          netmask: i.netmask, family: i.family, ...(i.scopeid !== undefined ? { scopeid: i.scopeid } : {}) });
      }
    }
  }
  h.host = os.hostname();
  return h;
}

// The error's message line and its "at ..." frames; own enumerable
// properties other than the stack as errorProperties.
function javascriptStack(err) {
  const lines = String(err.stack || '').split('\n');
  const errorProperties = {};
  for (const key of Object.keys(err)) {
    if (key !== 'stack') errorProperties[key] = String(err[key]);
  }
  let first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first === -1) first = lines.length;
  return {
    message: lines.slice(0, first).join('\n'),
    stack: lines.slice(first).map((l) => l.trim()),
    errorProperties,
  };
}

function javascriptHeap() {
  const v8 = require('v8');
  const s = v8.getHeapStatistics();
  const heapSpaces = {};
  for (const space of v8.getHeapSpaceStatistics()) {
    heapSpaces[space.space_name] = {
      memorySize: space.space_size,
      committedMemory: space.physical_space_size,
      capacity: space.space_size,
      used: space.space_used_size,
      available: space.space_available_size,
    };
  }
  return {
    totalMemory: s.total_heap_size,
    executableMemory: s.total_heap_size_executable,
    totalCommittedMemory: s.total_physical_size,
    availableMemory: s.total_available_size,
    totalGlobalHandlesMemory: s.total_global_handles_size,
    usedGlobalHandlesMemory: s.used_global_handles_size,
    usedMemory: s.used_heap_size,
    memoryLimit: s.heap_size_limit,
    mallocedMemory: s.malloced_memory,
    externalMemory: s.external_memory,
    peakMallocedMemory: s.peak_malloced_memory,
    nativeContextCount: s.number_of_native_contexts,
    detachedContextCount: s.number_of_detached_contexts,
    doesZapGarbage: s.does_zap_garbage,
    heapSpaces,
  };
}

function resourceUsage() {
  const r = process.resourceUsage();
  const uptime = process.uptime();
  const userCpu = r.userCPUTime / 1e6;
  const kernelCpu = r.systemCPUTime / 1e6;
  return {
    rss: String(process.memoryUsage.rss()),
    free_memory: String(os.freemem()),
    total_memory: String(os.totalmem()),
    available_memory: String(os.freemem()),
    maxRss: String(r.maxRSS * 1024),
    constrained_memory: null,
    userCpuSeconds: userCpu,
    kernelCpuSeconds: kernelCpu,
    cpuConsumptionPercent: uptime > 0 ? ((userCpu + kernelCpu) / uptime) * 100 : 0,
    userCpuConsumptionPercent: uptime > 0 ? (userCpu / uptime) * 100 : 0,
    kernelCpuConsumptionPercent: uptime > 0 ? (kernelCpu / uptime) * 100 : 0,
    pageFaults: { IORequired: r.majorPageFault, IONotRequired: r.minorPageFault },
    fsActivity: { reads: r.fsRead, writes: r.fsWrite },
  };
}

// The main thread's CPU times from /proc (utime and stime, in clock ticks
// of 1/100 s as Linux reports them to user space).
function uvthreadResourceUsage() {
  const stat = readProc(`/proc/self/task/${process.pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]) / 100 || 0;
  const kernel = Number(fields[12]) / 100 || 0;
  const uptime = process.uptime();
  const r = process.resourceUsage();
  return {
    userCpuSeconds: user,
    kernelCpuSeconds: kernel,
    cpuConsumptionPercent: uptime > 0 ? ((user + kernel) / uptime) * 100 : 0,
    userCpuConsumptionPercent: uptime > 0 ? (user / uptime) * 100 : 0,
    kernelCpuConsumptionPercent: uptime > 0 ? (kernel / uptime) * 100 : 0,
    fsActivity: { reads: r.fsRead, writes: r.fsWrite },
  };
}

function endpoint(addr) {
  if (!addr || typeof addr !== 'object' || addr.port === undefined) return null;
  return { host: addr.address, [addr.family === 'IPv6' ? 'ip6' : 'ip4']: addr.address, port: addr.port };
}

// One entry per open net handle (libuv's 'tcp' or 'pipe').
function libuv() {
  const out = [];
  for (const [owner, info] of require('internal/active_handles').openOwners()) {
    const type = info.type(owner);
    const entry = {
      type: type.startsWith('Pipe') ? 'pipe' : 'tcp',
      is_active: true,
      is_referenced: info.refed(owner),
    };
    if (entry.type === 'tcp') {
      const isServer = type === 'TCPServerWrap';
      let local = null;
      let remote = null;
      try {
        local = endpoint(owner.address());
        if (!isServer) {
          remote = endpoint({ address: owner.remoteAddress, family: owner.remoteFamily, port: owner.remotePort });
        }
      } catch {}
      entry.localEndpoint = local;
      entry.remoteEndpoint = remote;
    }
    if (owner._handle && typeof owner._handle.fd === 'number' && owner._handle.fd >= 0) entry.fd = owner._handle.fd;
    if (type === 'TCPSocketWrap' || type === 'PipeWrap') {
      entry.writeQueueSize = owner.writableLength || 0;
      entry.readable = owner.readable === true;
      entry.writable = owner.writable === true;
    }
    out.push(entry);
  }
  return out;
}

const limitNames = {
  __proto__: null,
  'Max core file size': 'core_file_size_blocks',
  'Max data size': 'data_seg_size_bytes',
  'Max file size': 'file_size_blocks',
  'Max locked memory': 'max_locked_memory_bytes',
  'Max resident set': 'max_memory_size_bytes',
  'Max open files': 'open_files',
  'Max stack size': 'stack_size_bytes',
  'Max cpu time': 'cpu_time_seconds',
  'Max processes': 'max_user_processes',
  'Max address space': 'virtual_memory_bytes',
};

function userLimits() {
  const out = {};
  for (const line of readProc('/proc/self/limits').split('\n').slice(1)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (!m || !limitNames[m[1]]) continue;
    const value = (v) => (v === 'unlimited' ? 'unlimited' : Number(v));
    out[limitNames[m[1]]] = { soft: value(m[2]), hard: value(m[3]) };
  }
  return out;
}

// The mapped shared objects, each once, in the order they are mapped.
function sharedObjects() {
  const seen = new Set();
  for (const line of readProc('/proc/self/maps').split('\n')) {
    const file = line.split(/\s+/)[5];
    if (file && file.startsWith('/') && /\.so(\.|$)/.test(path.basename(file))) seen.add(file);
  }
  return [...seen];
}

function build(event, trigger, filename, err) {
  const d = new Date();
  return {
    header: header(event, trigger, filename, d),
    javascriptStack: javascriptStack(err),
    javascriptHeap: javascriptHeap(),
    nativeStack: [],
    resourceUsage: resourceUsage(),
    uvthreadResourceUsage: uvthreadResourceUsage(),
    libuv: libuv(),
    workers: [],
    environmentVariables: { ...process.env },
    userLimits: userLimits(),
    sharedObjects: sharedObjects(),
  };
}

// Writes a report to `file` (a name under report.directory, or 'stdout' /
// 'stderr'), as Node's messages say; returns the name written.
function write(event, trigger, file, err) {
  const d = new Date();
  const name = file || settings.filename || defaultFilename(d);
  const json = JSON.stringify(build(event, trigger, name, err), null, settings.compact ? 0 : 2) + '\n';
  if (name === 'stdout' || name === 'stderr') {
    fs.writeSync(name === 'stdout' ? 1 : 2, json);
    return name;
  }
  const full = path.resolve(settings.directory || process.cwd(), name);
  process._rawDebug(`\nWriting Node.js report to file: ${name}`);
  try {
    fs.writeFileSync(full, json);
  } catch (e) {
    process._rawDebug(`\nFailed to open Node.js report file: ${name} directory: ` +
      `${settings.directory || process.cwd()} (errno: ${-e.errno})`);
    return '';
  }
  process._rawDebug('Node.js report completed');
  return name;
}

function signalHandler(signal) {
  write('Signal', 'Signal', undefined, new codes.ERR_SYNTHETIC());
  return signal;
}

function validateTrigger(trigger) {
  if (typeof trigger !== 'boolean') throw new codes.ERR_INVALID_ARG_TYPE('trigger', 'boolean', trigger);
}

function setSignalHandler(on, signal) {
  process.removeListener(settings.signal, signalHandler);
  settings.signal = signal;
  if (on) process.on(signal, signalHandler);
}

const report = {
  writeReport(file, err) {
    if (typeof file === 'object' && file !== null) {
      err = file;
      file = undefined;
    } else if (file !== undefined && typeof file !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('file', 'string', file);
    } else if (err === undefined) {
      err = new codes.ERR_SYNTHETIC();
    } else if (err === null || typeof err !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE('err', 'Object', err);
    }
    return write('JavaScript API', 'API', file, err);
  },
  getReport(err) {
    if (err === undefined) err = new codes.ERR_SYNTHETIC();
    else if (err === null || typeof err !== 'object') throw new codes.ERR_INVALID_ARG_TYPE('err', 'Object', err);
    return build('JavaScript API', 'GetReport', null, err);
  },
  get directory() { return settings.directory; },
  set directory(dir) {
    validateString(dir, 'directory');
    settings.directory = dir;
  },
  get filename() { return settings.filename; },
  set filename(name) {
    validateString(name, 'filename');
    settings.filename = name;
  },
  get compact() { return settings.compact; },
  set compact(b) {
    validateTrigger(b);
    settings.compact = b;
  },
  get excludeNetwork() { return settings.excludeNetwork; },
  set excludeNetwork(b) {
    validateTrigger(b);
    settings.excludeNetwork = b;
  },
  get signal() { return settings.signal; },
  set signal(sig) {
    validateString(sig, 'signal');
    if (os.constants.signals[sig] === undefined) throw new codes.ERR_UNKNOWN_SIGNAL(sig);
    setSignalHandler(settings.reportOnSignal, sig);
  },
  get reportOnFatalError() { return settings.reportOnFatalError; },
  set reportOnFatalError(trigger) {
    validateTrigger(trigger);
    settings.reportOnFatalError = trigger;
  },
  get reportOnSignal() { return settings.reportOnSignal; },
  set reportOnSignal(trigger) {
    validateTrigger(trigger);
    settings.reportOnSignal = trigger;
    setSignalHandler(trigger, settings.signal);
  },
  get reportOnUncaughtException() { return settings.reportOnUncaughtException; },
  set reportOnUncaughtException(trigger) {
    validateTrigger(trigger);
    settings.reportOnUncaughtException = trigger;
  },
};

module.exports = { report };
