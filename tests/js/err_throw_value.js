// Throwing a value that is not an Error.
console.log("throwing a string");
throw "a plain string";
