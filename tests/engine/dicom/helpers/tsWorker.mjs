// Bootstraps a TypeScript worker: registers tsx in this worker thread, then loads workerData.script.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.script);
