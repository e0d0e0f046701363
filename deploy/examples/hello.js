// The example shoal runs from the README's Quick start: a Node.js script
// that uses timers, fs, path and the module system, run with `shoal run`.
const fs = require('fs');
const path = require('path');
const os = require('os');

const user = 'Aman';
const marks = [78, 84, 91];
const average = marks.reduce((sum, m) => sum + m, 0) / marks.length;
console.log(`Student: ${user}`);
console.log(`Average: ${average}`);

const file = path.join(os.tmpdir(), `shoal-hello-${process.pid}.txt`);
fs.writeFile(file, 'Hello from shoal!\n', (err) => {
  if (err) throw err;
  fs.readFile(file, 'utf8', (error, data) => {
    if (error) {
      console.log('Could not read file:', error.message);
      return;
    }
    process.stdout.write(data);
    fs.unlinkSync(file);
    setTimeout(() => console.log('done in', process.uptime().toFixed(3), 's'), 10);
  });
});
console.log('Reading file...');
