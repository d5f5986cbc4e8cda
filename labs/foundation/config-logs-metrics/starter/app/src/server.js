// A tiny web app: answers / and /health. Its configuration comes from the environment:
// PORT and LOG_LEVEL are plain settings; DB_HOST comes from an SSM parameter and API_KEY from
// Secrets Manager, both injected by ECS when the task starts. Nothing of it is in the image.
const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);
const level = process.env.LOG_LEVEL ?? 'info';

// One JSON object per line on stdout: the log driver ships it, CloudWatch Logs Insights can query it.
function log(severity, message, fields = {}) {
  if (severity === 'debug' && level !== 'debug') return;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: severity, message, ...fields }));
}

// Application metrics in CloudWatch embedded metric format (EMF): one JSON line on stdout that
// CloudWatch Logs turns into metrics. Namespace and destination come from the same variables the
// aws-embedded-metrics libraries read (AWS_EMF_NAMESPACE, AWS_EMF_ENVIRONMENT=Local: stdout).
function metric(name, value, unit = 'Count') {
  const namespace = process.env.AWS_EMF_NAMESPACE;
  if (!namespace) return;
  console.log(JSON.stringify({
    _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['Service']], Metrics: [{ Name: name, Unit: unit }] }] },
    Service: 'web',
    [name]: value,
  }));
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  log('debug', 'request', { method: req.method, url: req.url, db: process.env.DB_HOST });
  metric('Requests', 1);
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`Hello from ECS! (API key configured: ${process.env.API_KEY ? 'yes' : 'no'})\n`);
});

server.listen(port, () => log('info', 'listening', { port }));

// ECS sends SIGTERM before it stops a task: finish the requests in flight, then exit.
process.on('SIGTERM', () => {
  log('info', 'SIGTERM received, shutting down');
  server.close(() => process.exit(0));
});
