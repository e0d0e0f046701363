// pino with a file transport (a worker_threads Worker running pino/file).
// Under `shoal run`: logs two lines to $PINO_DEST and exits. Under
// `shoal start`: a request listener that logs every request.
const pino = require('pino');

const transport = pino.transport({ target: 'pino/file', options: { destination: process.env.PINO_DEST } });
const logger = pino(transport);
logger.info({ n: 1 }, 'hello from shoal');

if (require.main === module && !process.env.SHOAL_CLUSTER) {
  logger.warn('second line');
} else {
  module.exports = (req, res) => {
    logger.info({ url: req.url }, 'request');
    res.end('logged\n');
  };
}
