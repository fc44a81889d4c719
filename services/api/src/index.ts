// Public surface of the API service.
export { createApp } from './app.ts';
export { listen, type RunningServer } from './server.ts';
export { listenMetrics, type MetricsListener } from './metrics-server.ts';
