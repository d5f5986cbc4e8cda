// A tiny web app: answers / and /health. Its configuration comes from the environment:
// PORT and LOG_LEVEL are plain settings, API_KEY is a secret ECS injects from Secrets Manager.
const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);
const level = process.env.LOG_LEVEL ?? 'info';

// One JSON object per line on stdout: the log driver ships it, CloudWatch Logs Insights can query it.
function log(severity, message, fields = {}) {
  if (severity === 'debug' && level !== 'debug') return;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: severity, message, ...fields }));
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  log('debug', 'request', { method: req.method, url: req.url });
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`Hello from ECS! (API key configured: ${process.env.API_KEY ? 'yes' : 'no'})\n`);
});

server.listen(port, () => log('info', 'listening', { port }));

// ECS sends SIGTERM before it stops a task: finish the requests in flight, then exit.
process.on('SIGTERM', () => {
  log('info', 'SIGTERM received, shutting down');
  server.close(() => process.exit(0));
});
