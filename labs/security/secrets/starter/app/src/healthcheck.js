// Exits 0 when the app answers GET /health with 200, and 1 otherwise. Slim and distroless
// images have no curl or wget, but they always have node.
const http = require('node:http');

const req = http.get({ host: '127.0.0.1', port: process.env.PORT ?? 8080, path: '/health', timeout: 3000 }, (res) => {
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', () => process.exit(1));
