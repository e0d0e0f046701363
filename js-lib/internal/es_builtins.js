'use strict';
// ECMAScript built-ins newer than shoal's V8 (10.2), installed on the
// globals before user code runs (internal/bootstrap). Each is added only when
// V8 lacks it, as a non-enumerable, writable, configurable method, following
// the spec's algorithm step by step (argument checks, the order of
// observable operations, TypeError/RangeError cases):
//   ES2023  Array.prototype.{toSorted,toReversed,toSpliced,with},
//           %TypedArray%.prototype.{toSorted,toReversed,with}
//   ES2024  String.prototype.{isWellFormed,toWellFormed}, Object.groupBy,
//           Map.groupBy, Promise.withResolvers
//   ES2025  Set.prototype.{union,intersection,difference,symmetricDifference,
//           isSubsetOf,isSupersetOf,isDisjointFrom}
//   ES2026  Array.fromAsync
//   Symbol.dispose, Symbol.asyncDispose (Node 20 defines them too)
// Node 20 itself has only the ES2023 ones and isWellFormed/toWellFormed;
// apps written for newer runtimes use the rest. docs/compatibility.md lists
// what cannot be provided this way (RegExp `v` flag, resizable ArrayBuffer).
//
// Built-ins the algorithms call are captured here, so that user code
// replacing Set.prototype.add or Array.prototype.sort later does not change
// what these methods do (as with V8's own built-ins).

const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;
const MathTrunc = Math.trunc;
const MathMin = Math.min;
const MathMax = Math.max;
const ArraySort = Array.prototype.sort;
const SetCtor = Set;
const SetHas = Set.prototype.has;
const SetAdd = Set.prototype.add;
const SetDelete = Set.prototype.delete;
const SetValues = Set.prototype.values;
const SetSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;
const SetIteratorNext = Object.getPrototypeOf(new Set().values()).next;
const MapCtor = Map;
const MapGet = Map.prototype.get;
const MapSet = Map.prototype.set;
const MapEntries = Map.prototype.entries;
const MapIteratorNext = Object.getPrototypeOf(new Map().entries()).next;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TypedArrayLength =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
const TypedArrayTag =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const TypedArrayBuffer =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'buffer').get;
const TypedArraySort = TypedArrayPrototype.sort;
const typedArrayCtors = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};
const kMaxSafe = Number.MAX_SAFE_INTEGER;

function install(target, methods) {
  for (const key of Reflect.ownKeys(methods)) {
    if (Object.prototype.hasOwnProperty.call(target, key)) continue;
    const desc = Object.getOwnPropertyDescriptor(methods, key);
    desc.enumerable = false;
    ObjectDefineProperty(target, key, desc);
  }
}

// --- abstract operations -------------------------------------------------

function toIntegerOrInfinity(value) {
  const n = +value; // ToNumber: throws on Symbol and BigInt, as the spec does
  if (n !== n || n === 0) return 0;
  return MathTrunc(n);
}

function toLength(value) {
  const len = toIntegerOrInfinity(value);
  return len <= 0 ? 0 : MathMin(len, kMaxSafe);
}

function toObject(value, method) {
  if (value === null || value === undefined) {
    throw new TypeError(`${method} called on null or undefined`);
  }
  return Object(value);
}

function isCallable(value) {
  return typeof value === 'function';
}

function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function isConstructor(value) {
  if (!isCallable(value)) return false;
  try {
    Reflect.construct(Object, [], value);
    return true;
  } catch {
    return false;
  }
}

// ToPropertyKey through a computed key: symbols stay symbols, everything
// else goes through ToPrimitive(hint string) and ToString exactly once.
function toPropertyKey(value) {
  const holder = { [value]: undefined };
  return Reflect.ownKeys(holder)[0];
}

function createDataProperty(obj, key, value) {
  ObjectDefineProperty(obj, key, {
    value, writable: true, enumerable: true, configurable: true,
  });
}

// A new Array of length len (ArrayCreate: RangeError above 2^32 - 1).
function arrayCreate(len) {
  if (len > 0xFFFFFFFF) throw new RangeError('Invalid array length');
  return new Array(len);
}

function requireComparator(comparefn) {
  if (comparefn !== undefined && !isCallable(comparefn)) {
    throw new TypeError('The comparison function must be either a function or undefined');
  }
}

// --- Array.prototype (ES2023 change-array-by-copy) ----------------------

const arrayMethods = {
  toReversed() {
    const O = toObject(this, 'Array.prototype.toReversed');
    const len = toLength(O.length);
    const A = arrayCreate(len);
    for (let k = 0; k < len; k++) A[k] = O[len - k - 1];
    return A;
  },
  toSorted(comparefn) {
    requireComparator(comparefn);
    const O = toObject(this, 'Array.prototype.toSorted');
    const len = toLength(O.length);
    const A = arrayCreate(len);
    // Holes are read as undefined (the spec's SortIndexedProperties with
    // read-through-holes); sort then puts undefined last, as SortCompare does.
    for (let k = 0; k < len; k++) A[k] = O[k];
    ReflectApply(ArraySort, A, [comparefn]);
    return A;
  },
  toSpliced(start, skipCount, ...items) {
    const O = toObject(this, 'Array.prototype.toSpliced');
    const len = toLength(O.length);
    const relativeStart = toIntegerOrInfinity(start);
    const actualStart = relativeStart < 0 ? MathMax(len + relativeStart, 0) :
      MathMin(relativeStart, len);
    const insertCount = items.length;
    let actualSkipCount;
    if (arguments.length === 0) actualSkipCount = 0;
    else if (arguments.length === 1) actualSkipCount = len - actualStart;
    else {
      const sc = toIntegerOrInfinity(skipCount);
      actualSkipCount = MathMin(MathMax(sc, 0), len - actualStart);
    }
    const newLen = len + insertCount - actualSkipCount;
    if (newLen > kMaxSafe) throw new TypeError('Invalid array length');
    const A = arrayCreate(newLen);
    let i = 0;
    let r = actualStart + actualSkipCount;
    for (; i < actualStart; i++) A[i] = O[i];
    for (const item of items) A[i++] = item;
    for (; i < newLen; i++, r++) A[i] = O[r];
    return A;
  },
  with(index, value) {
    const O = toObject(this, 'Array.prototype.with');
    const len = toLength(O.length);
    const relativeIndex = toIntegerOrInfinity(index);
    const actualIndex = relativeIndex >= 0 ? relativeIndex : len + relativeIndex;
    if (actualIndex >= len || actualIndex < 0) throw new RangeError('Invalid index : ' + index);
    const A = arrayCreate(len);
    for (let k = 0; k < len; k++) A[k] = k === actualIndex ? value : O[k];
    return A;
  },
};

// --- %TypedArray%.prototype ----------------------------------------------

// ValidateTypedArray: a TypedArray whose buffer is not detached. Returns
// its length.
function validateTypedArray(O, method) {
  const len = ReflectApply(TypedArrayLength, O, []); // TypeError when not a TypedArray
  if (len === 0) {
    try {
      new Uint8Array(ReflectApply(TypedArrayBuffer, O, []));
    } catch {
      throw new TypeError(`Cannot perform ${method} on a detached ArrayBuffer`);
    }
  }
  return len;
}

function typedArraySameType(O, len) {
  return new typedArrayCtors[ReflectApply(TypedArrayTag, O, [])](len);
}

const typedArrayMethods = {
  toReversed() {
    const len = validateTypedArray(this, '%TypedArray%.prototype.toReversed');
    const A = typedArraySameType(this, len);
    for (let k = 0; k < len; k++) A[k] = this[len - k - 1];
    return A;
  },
  toSorted(comparefn) {
    requireComparator(comparefn);
    const len = validateTypedArray(this, '%TypedArray%.prototype.toSorted');
    const A = typedArraySameType(this, len);
    for (let k = 0; k < len; k++) A[k] = this[k];
    ReflectApply(TypedArraySort, A, [comparefn]);
    return A;
  },
  with(index, value) {
    const len = validateTypedArray(this, '%TypedArray%.prototype.with');
    const relativeIndex = toIntegerOrInfinity(index);
    const actualIndex = relativeIndex >= 0 ? relativeIndex : len + relativeIndex;
    // ToNumber or ToBigInt by the element type, through a one-element array
    // of the same type (converted exactly once, as the spec does).
    const cell = typedArraySameType(this, 1);
    cell[0] = value;
    const numericValue = cell[0];
    if (actualIndex < 0 || actualIndex >= ReflectApply(TypedArrayLength, this, [])) {
      throw new RangeError('Invalid typed array index');
    }
    const A = typedArraySameType(this, len);
    for (let k = 0; k < len; k++) A[k] = k === actualIndex ? numericValue : this[k];
    return A;
  },
};

// --- String.prototype (ES2024 well-formed Unicode strings) --------------

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const stringMethods = {
  isWellFormed() {
    toObject(this, 'String.prototype.isWellFormed');
    const S = `${this}`;
    return !loneSurrogate.test(S);
  },
  toWellFormed() {
    toObject(this, 'String.prototype.toWellFormed');
    const S = `${this}`;
    return S.replace(loneSurrogates, '\uFFFD');
  },
};

// --- Object.groupBy / Map.groupBy (ES2024) -------------------------------

// GroupBy(items, callbackfn, keyCoercion): a Map from key to the array of
// its items, in first-seen order.
function groupBy(items, callbackfn, toKey) {
  if (items === null || items === undefined) {
    throw new TypeError('groupBy called on null or undefined');
  }
  if (!isCallable(callbackfn)) throw new TypeError(`${callbackfn} is not a function`);
  const groups = new MapCtor();
  let k = 0;
  for (const value of items) { // closes the iterator when the callback throws
    if (k >= kMaxSafe) throw new TypeError('Too many elements passed to groupBy');
    const key = toKey(callbackfn(value, k));
    const group = ReflectApply(MapGet, groups, [key]);
    if (group === undefined) ReflectApply(MapSet, groups, [key, [value]]);
    else group.push(value);
    k++;
  }
  return groups;
}

function* mapEntries(map) {
  const it = ReflectApply(MapEntries, map, []);
  for (;;) {
    const r = ReflectApply(MapIteratorNext, it, []);
    if (r.done) return;
    yield r.value;
  }
}

const objectStatics = {
  groupBy(items, callbackfn) {
    const groups = groupBy(items, callbackfn, toPropertyKey);
    const obj = Object.create(null);
    for (const [key, elements] of mapEntries(groups)) createDataProperty(obj, key, elements);
    return obj;
  },
};

const mapStatics = {
  groupBy(items, callbackfn) {
    const groups = groupBy(items, callbackfn, (key) => (key === 0 ? 0 : key));
    const map = new MapCtor();
    for (const [key, elements] of mapEntries(groups)) ReflectApply(MapSet, map, [key, elements]);
    return map;
  },
};

// --- Promise.withResolvers (ES2024) --------------------------------------

const promiseStatics = {
  withResolvers() {
    const C = this;
    if (!isConstructor(C)) throw new TypeError('Promise.withResolvers called on a non-constructor');
    let resolve;
    let reject;
    const promise = new C((res, rej) => {
      if (resolve !== undefined || reject !== undefined) {
        throw new TypeError('Promise executor has already been invoked with non-undefined arguments');
      }
      resolve = res;
      reject = rej;
    });
    if (!isCallable(resolve) || !isCallable(reject)) {
      throw new TypeError('Promise resolve or reject function is not callable');
    }
    return { promise, resolve, reject };
  },
};

// --- Set methods (ES2025) -------------------------------------------------

function thisSetSize(O, method) {
  try {
    return ReflectApply(SetSize, O, []);
  } catch {
    throw new TypeError(`Method Set.prototype.${method} called on incompatible receiver ${
      isObject(O) ? '#<Object>' : String(O)}`);
  }
}

// GetSetRecord(other)
function getSetRecord(other) {
  if (!isObject(other)) throw new TypeError('The "other" argument must be an object');
  const rawSize = other.size;
  const numSize = +rawSize;
  if (numSize !== numSize) throw new TypeError("The 'size' property must be a number");
  const intSize = toIntegerOrInfinity(numSize);
  if (intSize < 0) throw new RangeError("'size' must be non-negative");
  const has = other.has;
  if (!isCallable(has)) throw new TypeError("The 'has' property must be a function");
  const keys = other.keys;
  if (!isCallable(keys)) throw new TypeError("The 'keys' property must be a function");
  return { set: other, size: intSize, has, keys };
}

// GetIteratorFromMethod(set, keys) as { iterator, next }.
function keysIterator(rec) {
  const iterator = ReflectApply(rec.keys, rec.set, []);
  if (!isObject(iterator)) throw new TypeError('keys() did not return an object');
  return { iterator, next: iterator.next };
}

// IteratorStepValue: the next value, or `done` (a unique marker).
const done = Symbol('done');
function stepValue(iter) {
  const result = ReflectApply(iter.next, iter.iterator, []);
  if (!isObject(result)) throw new TypeError(`Iterator result ${result} is not an object`);
  if (result.done) return done;
  const value = result.value;
  return value === 0 ? 0 : value; // CanonicalizeKeyedCollectionKey: -0 is +0
}

// IteratorClose with a normal completion.
function closeIterator(iter) {
  const ret = iter.iterator.return;
  if (ret === undefined || ret === null) return;
  const result = ReflectApply(ret, iter.iterator, []);
  if (!isObject(result)) throw new TypeError(`Iterator result ${result} is not an object`);
}

// The elements of O, live (elements added while iterating are visited,
// deleted ones are not), as the spec's index loops over [[SetData]].
function* setElements(O) {
  const it = ReflectApply(SetValues, O, []);
  for (;;) {
    const r = ReflectApply(SetIteratorNext, it, []);
    if (r.done) return;
    yield r.value;
  }
}

function copySet(O) {
  const result = new SetCtor();
  for (const e of setElements(O)) ReflectApply(SetAdd, result, [e]);
  return result;
}

function otherHas(rec, e) {
  return !!ReflectApply(rec.has, rec.set, [e]);
}

const setMethods = {
  union(other) {
    thisSetSize(this, 'union');
    const rec = getSetRecord(other);
    const iter = keysIterator(rec);
    const result = copySet(this);
    for (let next; (next = stepValue(iter)) !== done;) ReflectApply(SetAdd, result, [next]);
    return result;
  },
  intersection(other) {
    const size = thisSetSize(this, 'intersection');
    const rec = getSetRecord(other);
    const result = new SetCtor();
    if (size <= rec.size) {
      for (const e of setElements(this)) {
        if (otherHas(rec, e)) ReflectApply(SetAdd, result, [e]);
      }
    } else {
      const iter = keysIterator(rec);
      for (let next; (next = stepValue(iter)) !== done;) {
        if (ReflectApply(SetHas, this, [next])) ReflectApply(SetAdd, result, [next]);
      }
    }
    return result;
  },
  difference(other) {
    const size = thisSetSize(this, 'difference');
    const rec = getSetRecord(other);
    const result = copySet(this);
    if (size <= rec.size) {
      // Over a snapshot of this set's elements, as the spec's copy.
      for (const e of [...setElements(result)]) {
        if (otherHas(rec, e)) ReflectApply(SetDelete, result, [e]);
      }
    } else {
      const iter = keysIterator(rec);
      for (let next; (next = stepValue(iter)) !== done;) ReflectApply(SetDelete, result, [next]);
    }
    return result;
  },
  symmetricDifference(other) {
    thisSetSize(this, 'symmetricDifference');
    const rec = getSetRecord(other);
    const iter = keysIterator(rec);
    const result = copySet(this);
    for (let next; (next = stepValue(iter)) !== done;) {
      const alreadyInResult = ReflectApply(SetHas, result, [next]);
      if (ReflectApply(SetHas, this, [next])) {
        if (alreadyInResult) ReflectApply(SetDelete, result, [next]);
      } else if (!alreadyInResult) {
        ReflectApply(SetAdd, result, [next]);
      }
    }
    return result;
  },
  isSubsetOf(other) {
    const size = thisSetSize(this, 'isSubsetOf');
    const rec = getSetRecord(other);
    if (size > rec.size) return false;
    for (const e of setElements(this)) {
      if (!otherHas(rec, e)) return false;
    }
    return true;
  },
  isSupersetOf(other) {
    const size = thisSetSize(this, 'isSupersetOf');
    const rec = getSetRecord(other);
    if (size < rec.size) return false;
    const iter = keysIterator(rec);
    for (let next; (next = stepValue(iter)) !== done;) {
      if (!ReflectApply(SetHas, this, [next])) {
        closeIterator(iter);
        return false;
      }
    }
    return true;
  },
  isDisjointFrom(other) {
    const size = thisSetSize(this, 'isDisjointFrom');
    const rec = getSetRecord(other);
    if (size <= rec.size) {
      for (const e of setElements(this)) {
        if (otherHas(rec, e)) return false;
      }
    } else {
      const iter = keysIterator(rec);
      for (let next; (next = stepValue(iter)) !== done;) {
        if (ReflectApply(SetHas, this, [next])) {
          closeIterator(iter);
          return false;
        }
      }
    }
    return true;
  },
};

// --- Array.fromAsync (ES2026) ----------------------------------------------

async function fromAsync(C, asyncItems, mapfn, thisArg) {
  const mapping = mapfn !== undefined;
  if (mapping && !isCallable(mapfn)) throw new TypeError(`${mapfn} is not a function`);
  const iterable = asyncItems !== null && asyncItems !== undefined &&
    (asyncItems[Symbol.asyncIterator] != null || asyncItems[Symbol.iterator] != null);
  if (iterable) {
    const A = isConstructor(C) ? new C() : [];
    let k = 0;
    // for await: async iterator, or a sync one whose values are awaited;
    // leaving the loop by a throw closes the iterator (IfAbruptCloseAsyncIterator).
    for await (const nextValue of asyncItems) {
      if (k >= kMaxSafe) throw new TypeError('Too many elements passed to Array.fromAsync');
      const mappedValue = mapping ? await ReflectApply(mapfn, thisArg, [nextValue, k]) : nextValue;
      createDataProperty(A, k, mappedValue);
      k++;
    }
    A.length = k;
    return A;
  }
  const arrayLike = toObject(asyncItems, 'Array.fromAsync');
  const len = toLength(arrayLike.length);
  const A = isConstructor(C) ? new C(len) : arrayCreate(len);
  for (let k = 0; k < len; k++) {
    const kValue = await arrayLike[k];
    const mappedValue = mapping ? await ReflectApply(mapfn, thisArg, [kValue, k]) : kValue;
    createDataProperty(A, k, mappedValue);
  }
  A.length = len;
  return A;
}

const arrayStatics = {
  fromAsync(asyncItems) {
    return fromAsync(this, asyncItems, arguments[1], arguments[2]);
  },
};

install(Array.prototype, arrayMethods);
install(TypedArrayPrototype, typedArrayMethods);
install(String.prototype, stringMethods);
install(Object, objectStatics);
install(Map, mapStatics);
install(Promise, promiseStatics);
install(Set.prototype, setMethods);
install(Array, arrayStatics);

// Symbol.dispose and Symbol.asyncDispose (explicit resource management), as
// Node 20 defines them until V8 has them: Symbol.for('nodejs.dispose') and
// Symbol.for('nodejs.asyncDispose') (so packages that look them up by that
// key agree), non-writable, non-configurable.
for (const name of ['dispose', 'asyncDispose']) {
  if (typeof Symbol[name] !== 'symbol') {
    Object.defineProperty(Symbol, name, {
      value: Symbol.for(`nodejs.${name}`), writable: false, enumerable: false, configurable: false,
    });
  }
}

// Array.prototype[@@unscopables] lists the new array methods except `with`.
const unscopables = Array.prototype[Symbol.unscopables];
for (const name of ['toReversed', 'toSorted', 'toSpliced']) {
  if (!(name in unscopables)) createDataProperty(unscopables, name, true);
}
