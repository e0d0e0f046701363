'use strict';
// cluster: shoal is itself the cluster. Inside a shoal worker (`shoal start`)
// the app sees a cluster worker: isWorker true, isPrimary/isMaster false,
// cluster.worker.id the shoal worker id; `if (cluster.isPrimary) fork()
// else serve` takes the serving branch and its listen() goes through the
// master as for any shoal app. Under `shoal run` the process is the primary;
// fork() throws ERR_METHOD_NOT_IMPLEMENTED (shoal starts workers from its
// configuration, not from the app: run the app with `shoal start`).

const EventEmitter = require('events');
const { codes } = require('internal/errors');
const workerState = require('internal/worker').state;

const cluster = new EventEmitter();
const inWorker = workerState.active;

class Worker extends EventEmitter {
  constructor(options = {}) {
    super();
    this.exitedAfterDisconnect = undefined;
    this.state = options.state || 'none';
    this.id = options.id | 0;
    this.process = options.process;
  }

  isConnected() {
    return inWorker;
  }

  isDead() {
    return false;
  }

  send(message, handle, options, callback) {
    if (typeof handle === 'function') callback = handle;
    else if (typeof options === 'function') callback = options;
    // No channel to a primary: shoal's master does not relay app messages.
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }

  disconnect() {
    this.exitedAfterDisconnect = true;
    return this;
  }

  kill(signal = 'SIGTERM') {
    process.kill(process.pid, signal);
  }

  destroy(signal) {
    this.kill(signal);
  }
}

cluster.isWorker = inWorker;
cluster.isMaster = !inWorker;
cluster.isPrimary = !inWorker;
cluster.Worker = Worker;
cluster.SCHED_NONE = 1;
cluster.SCHED_RR = 2;

if (inWorker) {
  const id = workerState.init && Number.isInteger(workerState.init.id) ? workerState.init.id : 0;
  cluster.worker = new Worker({ id, process, state: 'online' });
} else {
  cluster.workers = {};
  cluster.settings = {};
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary = function setupPrimary(settings) {
    Object.assign(cluster.settings, settings);
    cluster.emit('setup', cluster.settings);
  };
  cluster.setupMaster = cluster.setupPrimary;
  cluster.fork = function fork() {
    const err = new codes.ERR_METHOD_NOT_IMPLEMENTED('cluster.fork');
    err.message += ': shoal starts the workers itself, run the app with `shoal start`';
    throw err;
  };
  cluster.disconnect = function disconnect(callback) {
    if (typeof callback === 'function') process.nextTick(callback);
  };
}

module.exports = cluster;
