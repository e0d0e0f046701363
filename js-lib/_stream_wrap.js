'use strict';
// _stream_wrap: deprecated (DEP0125). Node's JSStreamSocket wraps a Duplex
// as a net.Socket; shoal's sockets are not handle-based, so the Duplex is
// returned as it is.
process.emitWarning('The _stream_wrap module is deprecated.', 'DeprecationWarning', 'DEP0125');
class JSStreamSocket extends require('net').Socket {}
module.exports = JSStreamSocket;
