'use strict';
// v8: V8-specific APIs. serialize/deserialize and the Serializer classes go
// through V8's ValueSerializer (internalBinding('v8'), bindings/mod_v8.c),
// with Node's DefaultSerializer format for Buffers and typed arrays, so data
// written by Node deserialises here and the other way round. Heap statistics
// come from the isolate, heap snapshots from its heap profiler. Coverage is
// not collected; queryObjects throws ERR_METHOD_NOT_IMPLEMENTED.

const binding = internalBinding('v8');
const { Buffer } = require('buffer');
const { codes } = require('internal/errors');

const kHandle = Symbol('kHandle');

// Node's own wording for these two (not the generic ERR_INVALID_ARG_TYPE text).
function validateBuffer(value, name) {
  if (!ArrayBuffer.isView(value)) {
    const err = new TypeError(`${name} must be a TypedArray or a DataView`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

class Serializer {
  constructor() {
    this[kHandle] = binding.newSerializer();
  }

  writeHeader() {
    binding.writeHeader(this[kHandle]);
  }

  writeValue(value) {
    return binding.writeValue(this[kHandle], this, value);
  }

  releaseBuffer() {
    return Buffer.from(binding.releaseBuffer(this[kHandle]));
  }

  transferArrayBuffer(id, arrayBuffer) {
    if (binding.transferArrayBuffer(this[kHandle], id, arrayBuffer) !== 0) {
      throw new TypeError('arrayBuffer must be an ArrayBuffer');
    }
  }

  writeUint32(value) {
    binding.writeUint32(this[kHandle], value);
  }

  writeUint64(hi, lo) {
    binding.writeUint64(this[kHandle], hi, lo);
  }

  writeDouble(value) {
    binding.writeDouble(this[kHandle], value);
  }

  writeRawBytes(source) {
    validateBuffer(source, 'source');
    binding.writeRawBytes(this[kHandle], source);
  }

  _setTreatArrayBufferViewsAsHostObjects(flag) {
    binding.viewsAsHostObjects(this[kHandle], flag);
  }

  _getDataCloneError(message) {
    return new Error(message);
  }

  _writeHostObject() {
    throw new Error('Unserializable host object: [object Object]');
  }

  _getSharedArrayBufferId() {
    throw new Error('#<Object> could not be cloned.');
  }
}

class Deserializer {
  constructor(buffer) {
    validateBuffer(buffer, 'buffer');
    this.buffer = buffer;
    this[kHandle] = binding.newDeserializer(buffer);
  }

  readHeader() {
    return binding.readHeader(this[kHandle], this);
  }

  readValue() {
    return binding.readValue(this[kHandle], this);
  }

  transferArrayBuffer(id, arrayBuffer) {
    if (binding.transferArrayBuffer(this[kHandle], id, arrayBuffer) !== 0) {
      throw new TypeError('arrayBuffer must be an ArrayBuffer or SharedArrayBuffer');
    }
  }

  getWireFormatVersion() {
    return binding.wireFormatVersion(this[kHandle]);
  }

  readUint32() {
    const v = binding.readUint32(this[kHandle]);
    if (v === undefined) throw new Error('ReadUint32() failed');
    return v;
  }

  readUint64() {
    const v = binding.readUint64(this[kHandle]);
    if (v === undefined) throw new Error('ReadUint64() failed');
    return v;
  }

  readDouble() {
    const v = binding.readDouble(this[kHandle]);
    if (v === undefined) throw new Error('ReadDouble() failed');
    return v;
  }

  _readRawBytes(length) {
    const offset = binding.readRawBytes(this[kHandle], length);
    if (offset === undefined) throw new Error('ReadRawBytes() failed');
    return offset;
  }

  readRawBytes(length) {
    const offset = this._readRawBytes(length);
    return Buffer.from(this.buffer.buffer, this.buffer.byteOffset + offset, length);
  }

  _readHostObject() {
    throw new Error('Unable to deserialize cloned data.');
  }
}

// Node's indexes of the ArrayBufferView types in the host-object format.
const viewTypes = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
  Int32Array, Uint32Array, Float32Array, Float64Array, DataView, Buffer,
  BigInt64Array, BigUint64Array];
const kBufferIndex = 10;

class DefaultSerializer extends Serializer {
  constructor() {
    super();
    this._setTreatArrayBufferViewsAsHostObjects(true);
  }

  _writeHostObject(abView) {
    let i = kBufferIndex;
    if (!Buffer.isBuffer(abView)) {
      i = viewTypes.indexOf(abView.constructor);
      if (i === -1) {
        const tag = Object.prototype.toString.call(abView).slice(8, -1);
        i = viewTypes.findIndex((c) => c.name === tag);
      }
    }
    this.writeUint32(i);
    this.writeUint32(abView.byteLength);
    this.writeRawBytes(new Uint8Array(abView.buffer, abView.byteOffset, abView.byteLength));
  }
}

class DefaultDeserializer extends Deserializer {
  _readHostObject() {
    const typeIndex = this.readUint32();
    const ctor = viewTypes[typeIndex];
    const byteLength = this.readUint32();
    const byteOffset = this._readRawBytes(byteLength);
    if (ctor === undefined) throw new Error('Unable to deserialize cloned data.');
    const BYTES = ctor.BYTES_PER_ELEMENT || 1;
    const offset = this.buffer.byteOffset + byteOffset;
    // A view of the input when aligned for the element type, else a copy.
    if (offset % BYTES === 0) {
      if (ctor === Buffer) return Buffer.from(this.buffer.buffer, offset, byteLength);
      return new ctor(this.buffer.buffer, offset, byteLength / BYTES);
    }
    const copy = Buffer.allocUnsafe(byteLength);
    copy.set(new Uint8Array(this.buffer.buffer, offset, byteLength));
    return new ctor(copy.buffer, copy.byteOffset, byteLength / BYTES);
  }
}

function serialize(value) {
  const ser = new DefaultSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer();
}

function deserialize(buffer) {
  const der = new DefaultDeserializer(buffer);
  der.readHeader();
  return der.readValue();
}

const heapStatisticNames = ['total_heap_size', 'total_heap_size_executable',
  'total_physical_size', 'total_available_size', 'used_heap_size', 'heap_size_limit',
  'malloced_memory', 'peak_malloced_memory', 'does_zap_garbage',
  'number_of_native_contexts', 'number_of_detached_contexts',
  'total_global_handles_size', 'used_global_handles_size', 'external_memory'];

function getHeapStatistics() {
  const values = binding.heapStatistics();
  const out = {};
  for (let i = 0; i < heapStatisticNames.length; i++) out[heapStatisticNames[i]] = values[i];
  return out;
}

function getHeapSpaceStatistics() {
  return binding.heapSpaceStatistics().map(([name, v]) => ({
    space_name: name,
    space_size: v[0],
    space_used_size: v[1],
    space_available_size: v[2],
    physical_space_size: v[3],
  }));
}

function getHeapCodeStatistics() {
  const v = binding.heapCodeStatistics();
  return {
    code_and_metadata_size: v[0],
    bytecode_and_metadata_size: v[1],
    external_script_source_size: v[2],
    cpu_profiler_metadata_size: v[3],
  };
}

function setFlagsFromString(flags) {
  if (typeof flags !== 'string') {
    throw new codes.ERR_INVALID_ARG_TYPE('flags', 'string', flags);
  }
  binding.setFlagsFromString(flags);
}

function cachedDataVersionTag() {
  return binding.cachedDataVersionTag;
}

let snapshotSeq = 0;

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

// Node's default name: Heap.YYYYMMDD.HHMMSS.PID.THREAD.SEQ.heapsnapshot
function defaultSnapshotName() {
  const d = new Date();
  return `Heap.${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}.` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.${process.pid}.0.` +
    `${pad(++snapshotSeq, 3)}.heapsnapshot`;
}

function writeHeapSnapshot(filename, options) {
  if (filename !== undefined && typeof filename !== 'string') {
    throw new codes.ERR_INVALID_ARG_TYPE('path', ['string', 'Buffer', 'URL'], filename);
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new codes.ERR_INVALID_ARG_TYPE('options', 'object', options);
  }
  const name = filename || defaultSnapshotName();
  require('fs').writeFileSync(name, binding.heapSnapshot());
  return name;
}

// A Readable of the snapshot's JSON.
function getHeapSnapshot(options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new codes.ERR_INVALID_ARG_TYPE('options', 'object', options);
  }
  const { Readable } = require('stream');
  return Readable.from([Buffer.from(binding.heapSnapshot())], { objectMode: false });
}

function notImplemented(name) {
  return function () {
    throw new codes.ERR_METHOD_NOT_IMPLEMENTED(name);
  };
}

// v8.promiseHooks: the hooks are accepted and never called (shoal does not
// install V8 promise hooks); each returns its stop function, as in Node.
function promiseHook(name) {
  return function (hook) {
    if (typeof hook !== 'function') {
      throw new codes.ERR_INVALID_ARG_TYPE('hook', 'function', hook);
    }
    return function stop() {};
  };
}

const promiseHooks = {
  createHook(hooks = {}) {
    const stops = [];
    for (const name of ['init', 'before', 'after', 'settled']) {
      if (hooks[name] !== undefined) {
        stops.push(promiseHooks[`on${name[0].toUpperCase()}${name.slice(1)}`](hooks[name]));
      }
    }
    return function stop() { for (const s of stops) s(); };
  },
  onInit: promiseHook('init'),
  onBefore: promiseHook('before'),
  onAfter: promiseHook('after'),
  onSettled: promiseHook('settled'),
};

function notBuildingSnapshot() {
  const err = new Error('Cannot call this API when not building a snapshot');
  err.code = 'ERR_NOT_BUILDING_SNAPSHOT';
  throw err;
}

const startupSnapshot = {
  addDeserializeCallback: notBuildingSnapshot,
  addSerializeCallback: notBuildingSnapshot,
  setDeserializeMainFunction: notBuildingSnapshot,
  isBuildingSnapshot() { return 0; }, // Node 20 returns the flag's number
};

class GCProfiler {
  start() {}
  stop() { return undefined; }
}

module.exports = {
  cachedDataVersionTag,
  getHeapSnapshot,
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  setFlagsFromString,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  deserialize,
  takeCoverage() {},
  stopCoverage() {},
  serialize,
  writeHeapSnapshot,
  promiseHooks,
  queryObjects: notImplemented('queryObjects'),
  startupSnapshot,
  setHeapSnapshotNearHeapLimit() {},
  GCProfiler,
};
