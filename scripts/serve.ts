// `npm run dev` / `npm start`: the dashboard on 127.0.0.1 (--host/HOST to expose it, which needs
// DML_LENS_TOKEN) with a supervised pool of `dml-lens worker` processes (--workers /
// DML_LENS_WORKERS, default 1, 0 disables). Ctrl-C or SIGTERM drains the pool and stops the server.
//   tsx scripts/serve.ts dev|start [--host 127.0.0.1] [--port 3000] [--workers 1]
import { UserError } from '../lib/errors';
import { projectRoot } from '../lib/paths';
import { readServeOptions } from '../lib/server/serve-options';
import { serve } from '../lib/server/serve';

function main(): void {
  let options;
  try {
    options = readServeOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    console.error(`dml-lens server: ${err.message}`);
    process.exit(2);
  }
  const server = serve(options, { root: projectRoot() });
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) {
      console.error(`dml-lens server: ${sig} again; still stopping the workers (their jobs go back to the queue)`);
      return;
    }
    void server.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  void server.done.then((code) => process.exit(code));
}

main();
