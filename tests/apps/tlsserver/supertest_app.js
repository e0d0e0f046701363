// supertest (unmodified, from package-lock.json) drives an express app:
// request(app) over http, request(httpsServer) over https (supertest picks
// https because `app instanceof tls.Server`), and a tls.Server-based check
// of req.secure / req.protocol. Prints one line per check.
const fs = require('fs');
const path = require('path');
const https = require('https');
const express = require('express');
const request = require('supertest');

const fx = (n) => fs.readFileSync(path.join(process.env.TLS_FIXTURES, n));
const ca = fx('ca-cert.pem');

const app = express();
app.use(express.json());
app.get('/hello', (req, res) => res.json({ hello: 'world', secure: req.secure, protocol: req.protocol }));
app.post('/echo', (req, res) => res.status(201).json({ got: req.body }));
app.get('/missing', (req, res) => res.status(404).send('nope'));

function line(name, res) {
  console.log(name, res.status, res.headers['content-type'], JSON.stringify(res.body), res.text.length);
}

(async () => {
  line('http GET', await request(app).get('/hello').expect(200));
  line('http POST', await request(app).post('/echo').send({ a: [1, 2] }).expect(201));
  line('http 404', await request(app).get('/missing').expect(404));

  const server = https.createServer({ key: fx('server-key.pem'), cert: fx('server-cert.pem') }, app);
  line('https GET', await request(server).get('/hello').ca(ca).expect(200));
  line('https POST', await request(server).post('/echo').ca(ca).send({ b: true }).expect(201));
  try {
    await request(server).get('/hello');
  } catch (e) {
    console.log('https untrusted:', e.code);
  }
  const agent = request.agent(server);
  line('https agent', await agent.get('/hello').ca(ca).expect('content-type', /json/));
  console.log('done');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
