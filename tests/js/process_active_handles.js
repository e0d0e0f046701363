// process._getActiveHandles() lists the net sockets and servers whose
// handle is open and ref'd; getActiveResourcesInfo() names them as Node
// ('TCPServerWrap', 'TCPSocketWrap').
const net = require("net");

const count = (type) => process.getActiveResourcesInfo().filter((t) => t === type).length;

const server = net.createServer((conn) => {
  const handles = process._getActiveHandles();
  console.log("server listed:", handles.includes(server), "accepted socket listed:", handles.includes(conn),
    "client listed:", handles.includes(client));
  console.log("TCPSocketWrap:", count("TCPSocketWrap"), "TCPServerWrap:", count("TCPServerWrap"));
  server.unref();
  console.log("unref'd server listed:", process._getActiveHandles().includes(server));
  server.ref();
  conn.destroy();
  client.destroy();
  console.log("destroyed sockets listed:", process._getActiveHandles().includes(conn),
    process._getActiveHandles().includes(client), "TCPSocketWrap:", count("TCPSocketWrap"));
  server.close(() => console.log("closed server listed:", process._getActiveHandles().includes(server)));
});
let client;
server.listen(0, "127.0.0.1", () => {
  client = net.connect(server.address().port, "127.0.0.1");
});
