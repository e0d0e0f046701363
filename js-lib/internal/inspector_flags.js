'use strict';
// internal/inspector_flags: Node's --inspect flags under `shoal run`
// (called by internal/modules/run_main before the main script).

const binding = internalBinding('inspector');

// `shoal run --inspect[=[host:]port]`, --inspect-wait, --inspect-brk,
// --inspect-port (Node's flags): the endpoint opens before the main script
// is compiled (a debugger sees only the scripts compiled after it exists);
// -wait waits for the client's "run"; -brk then pauses at the main
// module's first statement.
function startFromFlags(execArgv) {
  let port = 9229;
  let mode = null;
  for (let i = 0; i < execArgv.length; i++) {
    const m = /^--(inspect|inspect-wait|inspect-brk)(?:=(?:.*:)?(\d+))?$/.exec(execArgv[i]);
    if (m) {
      mode = mode === 'inspect' || !mode ? m[1] : mode;
      if (m[2] !== undefined) port = Number(m[2]);
    }
    const p = /^--inspect-port(?:=(?:.*:)?(\d+))?$/.exec(execArgv[i]);
    if (p) port = Number(p[1] !== undefined ? p[1] : String(execArgv[++i]).replace(/^.*:/, ''));
  }
  if (!mode) return;
  binding.open(port > 65535 ? 0 : port, process.argv[1]);
  if (mode === 'inspect' || binding.url() === undefined) return;
  require('inspector').waitForDebugger();
  pendingBreak = mode === 'inspect-brk';
}

// --inspect-brk: called by the CommonJS loader right before it calls the
// main module's function, so the client's session pauses at its first
// statement (V8 breaks on the next function call).
let pendingBreak = false;
function takeBreakOnStart() {
  if (!pendingBreak) return false;
  pendingBreak = false;
  binding.breakOnStart();
  return true;
}

module.exports = { startFromFlags, takeBreakOnStart };
