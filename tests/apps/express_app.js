'use strict';
// Express 4: routes, params, query, express.json(), middleware,
// express.static (ETag, Range, 304), cookie-parser, compression (gzip),
// res.sendFile/redirect/json/send/status, an error handler.
const path = require('path');
const express = require('express');
const cookieParser = require('cookie-parser');
const compression = require('compression');

const app = express();
app.use((req, res, next) => {
  res.set('X-Middleware', 'express');
  next();
});
app.use(cookieParser('shoal-secret'));
app.use('/gz', compression({ threshold: 0 }));
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use('/static', express.static(path.join(__dirname, 'public')));

app.get('/', (req, res) => res.send('hello express'));
app.get('/users/:id', (req, res) => res.json({ id: req.params.id, q: req.query.q || null }));
app.post('/echo', (req, res) => res.status(201).json({ got: req.body, type: req.get('content-type') }));
app.post('/form', (req, res) => res.send(`name=${req.body.name}`));
app.get('/boom', () => { throw new Error('kaboom'); });
app.get('/async-boom', (req, res, next) => { setImmediate(() => next(new Error('later'))); });
app.get('/redirect', (req, res) => res.redirect('/'));
app.get('/cookies', (req, res) => {
  res.cookie('seen', 'yes', { httpOnly: true, path: '/' });
  res.cookie('signed', 'v1', { signed: true });
  res.json({ cookies: req.cookies, signed: req.signedCookies });
});
app.get('/file', (req, res) => res.sendFile(path.join(__dirname, 'public', 'index.html')));
app.get('/gz/text', (req, res) => res.type('text/plain').send('shoal compresses '.repeat(200)));
app.get('/gz/json', (req, res) => {
  res.json({ items: Array.from({ length: 100 }, (_, i) => ({ i })) });
});
app.get('/moved', (req, res) => res.redirect(301, '/users/1?q=moved'));
app.get('/pid', (req, res) => res.send(String(process.pid)));

const router = express.Router();
router.get('/items', (req, res) => res.json([1, 2, 3]));
app.use('/api', router);

app.use((req, res) => res.status(404).send('not here'));
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.message }));

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`express listening on ${port}`));
