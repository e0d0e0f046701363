// Throwing a plain object.
throw { code: 42, reason: "an object, not an Error" };
