// worker_threads entry of a model replica: registers the TypeScript loader (as the CLI launcher
// does), then runs replica-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./replica-worker.ts');
