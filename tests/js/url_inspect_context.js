'use strict';
// util.inspect(url, { showHidden: true }) shows Node's URLContext: ada's
// offsets of each part in href (omitted parts as 4294967295), the scheme
// type and the hasPort/hasSearch/hasHash getters.
const util = require('util');
for (const h of ['https://username:password@host.name:8080/path/name/?que=ry#hash', 'http://a/b', 'file:///x/y?', 'mailto:me@x.org#f', 'https://u@h:1/', 'http://[::1]:80/p?q', 'ws://x:9/#', 'web+x:/.//p', 'foo://h/p', 'https://:pw@h/']) {
  console.log(util.inspect(new URL(h), { showHidden: true, breakLength: 1000 }).replace(/^[^]*\[Symbol\(context\)\]: /, ''));
}
