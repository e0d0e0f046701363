'use strict';
// Built-in module 'os' over internalBinding('os') (bindings/mod_os.c).

const binding = internalBinding('os');
const { SystemError } = require('internal/fs/utils');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } } = require('internal/errors');

// Calls binding[name](...args, ctx) and throws ERR_SYSTEM_ERROR when it failed.
function checked(name, ...args) {
  const ctx = {};
  const result = binding[name](...args, ctx);
  if (ctx.code !== undefined) {
    throw new SystemError('ERR_SYSTEM_ERROR', 'A system error occurred', ctx);
  }
  return result;
}

function withPrimitive(fn, value) {
  fn[Symbol.toPrimitive] = () => value();
  return fn;
}

const osInfo = () => checked('getOSInformation');

const hostname = withPrimitive(function hostname() {
  return checked('getHostname');
}, () => checked('getHostname'));

const homedir = withPrimitive(function homedir() {
  return checked('getHomeDirectory');
}, () => checked('getHomeDirectory'));

const type = withPrimitive(function type() {
  return osInfo()[0];
}, () => osInfo()[0]);

const version = withPrimitive(function version() {
  return osInfo()[1];
}, () => osInfo()[1]);

const release = withPrimitive(function release() {
  return osInfo()[2];
}, () => osInfo()[2]);

const machine = withPrimitive(function machine() {
  return osInfo()[3];
}, () => osInfo()[3]);

const uptime = withPrimitive(function uptime() {
  return checked('getUptime');
}, () => checked('getUptime'));

const totalmem = withPrimitive(function totalmem() {
  return binding.getTotalMem();
}, () => binding.getTotalMem());

const freemem = withPrimitive(function freemem() {
  return binding.getFreeMem();
}, () => binding.getFreeMem());

const endianness = withPrimitive(function endianness() {
  return 'LE';
}, () => 'LE');

function platform() {
  return process.platform;
}
platform[Symbol.toPrimitive] = () => process.platform;

function arch() {
  return process.arch;
}
arch[Symbol.toPrimitive] = () => process.arch;

const tmpdir = withPrimitive(function tmpdir() {
  const env = process.env;
  let path = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}, () => tmpdir());

function loadavg() {
  return binding.getLoadAvg();
}

function cpus() {
  return binding.getCPUs();
}

const availableParallelism = withPrimitive(function availableParallelism() {
  return binding.getAvailableParallelism();
}, () => binding.getAvailableParallelism());

function userInfo(options) {
  const info = checked('getUserInfo');
  const out = Object.create(null);
  for (const key of ['uid', 'gid', 'username', 'homedir', 'shell']) out[key] = info[key];
  if (options && options.encoding === 'buffer') {
    const { Buffer } = require('buffer');
    for (const key of ['username', 'homedir', 'shell']) {
      if (typeof out[key] === 'string') out[key] = Buffer.from(out[key]);
    }
  }
  return out;
}

// The prefix length of a netmask, or null when its bits are not contiguous.
function getCIDR(address, netmask, family) {
  let groups;
  let width;
  if (family === 'IPv4') {
    groups = netmask.split('.').map((g) => parseInt(g, 10));
    width = 8;
  } else {
    const [head, tail] = netmask.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
    groups = [...h, ...fill, ...t].map((g) => parseInt(g, 16));
    width = 16;
  }
  const bits = groups.map((g) => g.toString(2).padStart(width, '0')).join('');
  const ones = bits.indexOf('0') === -1 ? bits.length : bits.indexOf('0');
  if (bits.slice(ones).includes('1')) return null;
  return `${address}/${ones}`;
}

function networkInterfaces() {
  const result = {};
  for (const a of checked('getInterfaceAddresses')) {
    const entry = {
      address: a.address,
      netmask: a.netmask,
      family: a.family,
      mac: a.mac,
      internal: a.internal,
      cidr: getCIDR(a.address, a.netmask, a.family),
    };
    if (a.family === 'IPv6') entry.scopeid = a.scopeid;
    (result[a.name] || (result[a.name] = [])).push(entry);
  }
  return result;
}

function validatePid(pid) {
  if (typeof pid !== 'number') throw new ERR_INVALID_ARG_TYPE('pid', 'number', pid);
  if (!Number.isInteger(pid)) throw new ERR_OUT_OF_RANGE('pid', 'an integer', pid);
  if (pid < -2147483648 || pid > 2147483647) {
    throw new ERR_OUT_OF_RANGE('pid', '>= -2147483648 && <= 2147483647', pid);
  }
}

function getPriority(pid = 0) {
  validatePid(pid);
  return checked('getPriority', pid);
}

function setPriority(pid, priority) {
  if (priority === undefined) {
    priority = pid;
    pid = 0;
  }
  validatePid(pid);
  if (typeof priority !== 'number') throw new ERR_INVALID_ARG_TYPE('priority', 'number', priority);
  if (!Number.isInteger(priority)) throw new ERR_OUT_OF_RANGE('priority', 'an integer', priority);
  if (priority < -20 || priority > 19) {
    throw new ERR_OUT_OF_RANGE('priority', '>= -20 && <= 19', priority);
  }
  checked('setPriority', pid, priority);
}

function nullProto(obj) {
  return Object.assign(Object.create(null), obj);
}

const constants = Object.assign(Object.create(null), {
  UV_UDP_REUSEADDR: 4,
  dlopen: nullProto({ RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 }),
  errno: nullProto(binding.errno),
  signals: nullProto(binding.signals),
  priority: nullProto({
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
    PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
  }),
});

module.exports = {
  arch,
  availableParallelism,
  cpus,
  endianness,
  freemem,
  getPriority,
  homedir,
  hostname,
  loadavg,
  networkInterfaces,
  platform,
  release,
  setPriority,
  tmpdir,
  totalmem,
  type,
  userInfo,
  uptime,
  version,
  machine,
};
Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  EOL: { configurable: true, enumerable: true, writable: false, value: '\n' },
  devNull: { configurable: true, enumerable: true, writable: false, value: '/dev/null' },
});
