// The tutorial's fs.readFile program, verbatim except that the file it reads
// does not exist: the error branch runs.
const fs = require("fs");

console.log("Reading file...");

fs.readFile("missing-message.txt", "utf8", (error, data) => {
  if (error) {
    console.log("Could not read file:", error.message);
    return;
  }
  console.log(data);
});

console.log("This line runs before the file finishes reading.");
