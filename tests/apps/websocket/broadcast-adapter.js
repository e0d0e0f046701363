'use strict';
// A Socket.IO adapter for shoal clusters over BroadcastChannel
// (docs/websocket.md, "Socket.IO rooms across workers"): io.to(room).emit(),
// io.emit(), socketsJoin/socketsLeave/disconnectSockets reach the clients of
// every worker, not only the worker that called them.
//
//   const { Server } = require('socket.io');
//   const { createBroadcastAdapter } = require('./broadcast-adapter');
//   const io = new Server(server, { adapter: createBroadcastAdapter() });
//
// It extends socket.io-adapter's in-memory Adapter: every operation runs
// locally as usual and, unless flagged local, is posted on the channel
// `<prefix>#<namespace>`; what arrives from the other workers runs locally
// (BroadcastChannel never returns a worker's own posts). Not across
// workers: acknowledgements of broadcasts (broadcastWithAck answers for
// this worker's clients), fetchSockets() and serverSideEmit(). Under
// `shoal run` it is the plain in-memory adapter. Delivery is at most once
// (a worker whose loop is blocked long enough drops broadcasts beyond
// 8 MiB waiting: shoal_broadcast_dropped_total).
const { Adapter } = require('socket.io-adapter');

// Sets do not survive every receiver's expectations: they travel as arrays.
function wireOpts(opts) {
  return { rooms: [...(opts.rooms || [])], except: [...(opts.except || [])], flags: opts.flags || {} };
}

function localOpts(wire) {
  return { rooms: new Set(wire.rooms), except: new Set(wire.except), flags: { ...wire.flags, local: true } };
}

function createBroadcastAdapter(prefix = 'socket.io') {
  return class BroadcastChannelAdapter extends Adapter {
    constructor(nsp) {
      super(nsp);
      this.channel = new BroadcastChannel(`${prefix}#${nsp.name}`);
      this.channel.unref(); // the server keeps the process alive, not the channel
      this.channel.onmessage = ({ data }) => this.fromOtherWorker(data);
    }

    publish(op, opts, extra) {
      if (opts.flags && opts.flags.local) return;
      this.channel.postMessage({ op, opts: wireOpts(opts), ...extra });
    }

    broadcast(packet, opts) {
      super.broadcast(packet, opts);
      this.publish('broadcast', opts, { packet });
    }

    addSockets(opts, rooms) {
      super.addSockets(opts, rooms);
      this.publish('addSockets', opts, { rooms });
    }

    delSockets(opts, rooms) {
      super.delSockets(opts, rooms);
      this.publish('delSockets', opts, { rooms });
    }

    disconnectSockets(opts, close) {
      super.disconnectSockets(opts, close);
      this.publish('disconnectSockets', opts, { close });
    }

    fromOtherWorker(msg) {
      const opts = localOpts(msg.opts);
      if (msg.op === 'broadcast') super.broadcast(msg.packet, opts);
      else if (msg.op === 'addSockets') super.addSockets(opts, msg.rooms);
      else if (msg.op === 'delSockets') super.delSockets(opts, msg.rooms);
      else if (msg.op === 'disconnectSockets') super.disconnectSockets(opts, msg.close);
    }

    close() {
      this.channel.close();
    }
  };
}

module.exports = { createBroadcastAdapter };
