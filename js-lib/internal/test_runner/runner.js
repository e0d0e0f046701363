'use strict';
// `shoal run --test [FILES/DIRS...]` (node --test) and run(): finds the test
// files with Node 20's rules, runs each in its own child process
// (process.execPath, NODE_TEST_CONTEXT=child-shoal, one file at a time so
// the report keeps the file order) and merges their events into one report:
// top-level tests are renumbered, a child's other output lines become
// test:stdout / test:stderr, a child that fails without a failing test is
// reported as a failed test named after its file.

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { createReporter, Summary, kEventPrefix, summaryEvents } = require('internal/test_runner/reporters');
const { testFailure, kTestCodeFailure } = require('internal/test_runner/test');
const { kChildContext, reporterName } = require('internal/test_runner/harness');

const kTestFile = /^(?:test|.+[-._]test)\.[cm]?js$|^test-.+\.[cm]?js$/;
const kJsFile = /\.[cm]?js$/;

// Node 20's default patterns: **/*.test.?(c|m)js, *-test, *_test, test-*,
// test.?(c|m)js and anything under a test/ folder; never node_modules.
function discover(dir, underTest, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      discover(full, underTest || e.name === 'test', out);
    } else if (e.isFile() && (kTestFile.test(e.name) || (underTest && kJsFile.test(e.name)))) {
      out.push(full);
    }
  }
}

function testFiles(args) {
  const cwd = process.cwd();
  if (args.length === 0) {
    const out = [];
    discover(cwd, false, out);
    return out.sort();
  }
  const out = [];
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    let st;
    try {
      st = fs.statSync(full);
    } catch {
      const err = new Error(`Could not find '${full}'`);
      err.code = 'ENOENT';
      throw err;
    }
    if (st.isDirectory()) {
      const found = [];
      discover(full, path.relative(cwd, full).split(path.sep).includes('test'), found);
      out.push(...found.sort());
    } else {
      out.push(full);
    }
  }
  return out;
}

// The options a child gets: ours minus --test itself.
function childExecArgv() {
  const argv = process.execArgv;
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--test') continue;
    if (a === '--test-reporter' || a === '--test-reporter-destination' || a === '--test-concurrency' ||
        a === '--test-timeout') {
      i++;
      continue;
    }
    if (/^--test-(reporter|reporter-destination|concurrency|timeout)=/.test(a)) continue;
    out.push(a);
  }
  return out;
}

function runFile(file, emit) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const env = { ...process.env, NODE_TEST_CONTEXT: kChildContext };
    const child = spawn(process.execPath, [...childExecArgv(), file], {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    // --test-timeout: the whole file is killed and fails after that long.
    const timeoutMs = Number(require('internal/test_runner/harness').optionValue('--test-timeout'));
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs) : null;
    let sawFailure = false;
    let sawTest = false;
    const lineReader = (kind) => {
      let buf = '';
      return {
        push(chunk) {
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n')) !== -1) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            this.line(line);
          }
        },
        line(line) {
          if (kind === 'stdout' && line.startsWith(kEventPrefix)) {
            let ev;
            try {
              ev = JSON.parse(line.slice(kEventPrefix.length));
            } catch {
              return;
            }
            if (ev.type === 'test:fail' && ev.data.todo === undefined) sawFailure = true;
            if (ev.type === 'test:pass' || ev.type === 'test:fail') sawTest = true;
            emit(ev.type, ev.data);
            return;
          }
          emit(kind === 'stdout' ? 'test:stdout' : 'test:stderr', { nesting: 0, message: line, file });
        },
        end() {
          if (buf) this.line(buf);
          buf = '';
        },
      };
    };
    const out = lineReader('stdout');
    const err = lineReader('stderr');
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      clearTimeout(timer);
      const failed = timedOut || ((code !== 0 || signal !== null) && !sawFailure);
      if (failed || !sawTest) {
        // The file itself, as a top-level test: it failed without a failing
        // test (a crash, a non-zero exit code) or had no test at all.
        const data = { name: file, nesting: 0, file, line: 1, column: 1, fileTest: true,
          details: { duration_ms: Number(process.hrtime.bigint() - start) / 1e6 } };
        emit('test:start', data);
        if (timedOut) {
          data.details.error = testFailure(`test timed out after ${timeoutMs}ms`, 'testTimeoutFailure');
          emit('test:fail', data);
        } else if (failed) {
          const e = testFailure('test failed', kTestCodeFailure);
          e.exitCode = code;
          e.signal = signal;
          data.details.error = e;
          emit('test:fail', data);
        } else {
          emit('test:pass', data);
        }
      }
      resolve();
    });
  });
}

// How many files run at once: --test-concurrency, else Node's default
// (available parallelism - 1, at least 1).
function fileConcurrency() {
  const { optionValue } = require('internal/test_runner/harness');
  const given = Number(optionValue('--test-concurrency'));
  if (Number.isInteger(given) && given > 0) return given;
  return Math.max(1, require('os').availableParallelism() - 1);
}

// Runs `files` (several at once), passing every event to onEvent(type,
// data) file after file in the given order: the first unfinished file
// streams, the later ones are held until it ends. The plan and the summary
// come last; resolves with the summary.
async function runFiles(files, onEvent) {
  const summary = new Summary();
  const start = process.hrtime.bigint();
  let topLevel = 0;
  // Numbered as Node 20 does: a child's top-level tests by their rank in the
  // whole report, a file reported as a test by its rank among the files.
  const emit = (fileIndex, type, data) => {
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0) {
      ++topLevel;
      data.testNumber = data.fileTest ? fileIndex + 1 : topLevel;
    }
    if (type === 'test:pass' || type === 'test:fail') summary.add(type, data);
    onEvent(type, data);
  };
  const held = files.map(() => ({ events: [], done: false }));
  let head = 0;
  const advance = () => {
    while (head < files.length && held[head].done) {
      head++;
      if (head < files.length) {
        for (const [type, data] of held[head].events) emit(head, type, data);
        held[head].events = [];
      }
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      await runFile(files[index], (type, data) => {
        if (index === head) emit(index, type, data);
        else held[index].events.push([type, data]);
      });
      held[index].done = true;
      advance();
    }
  };
  const workers = [];
  for (let i = 0; i < Math.min(fileConcurrency(), files.length); i++) workers.push(worker());
  await Promise.all(workers);
  const duration = Number(process.hrtime.bigint() - start) / 1e6;
  for (const [type, data] of summaryEvents(summary, topLevel, duration)) onEvent(type, data);
  return summary;
}

// `shoal run --test ARGS...`.
function runFromCli(args) {
  let files;
  let reporter;
  try {
    files = testFiles(args);
    reporter = createReporter(reporterName());
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const write = (text) => { if (text) process.stdout.write(text); };
  write(reporter.begin());
  runFiles(files, (type, data) => write(reporter.event(type, data))).then((summary) => {
    write(reporter.end());
    if (summary.failed()) process.exitCode = 1;
  });
}

// run({ files }): a readable stream of { type, data } events, each also
// emitted by its type ('test:pass', ...), for the node:test/reporters.
function run(options = {}) {
  const { Readable } = require('stream');
  const stream = new Readable({ read() {}, objectMode: true });
  const files = options.files ? options.files.map((f) => path.resolve(f)) : testFiles([]);
  runFiles(files, (type, data) => {
    stream.push({ type, data });
    stream.emit(type, data);
  }).then(() => stream.push(null), (err) => stream.destroy(err));
  return stream;
}

module.exports = { runFromCli, run, testFiles };
