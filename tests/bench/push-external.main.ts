/**
 * Runs the external push bench in a process of its own (run.ts starts it after the in-process push
 * bench, whose server closed the shared mongoose connection): options from argv as JSON, the result
 * as JSON on stdout, progress on stderr.
 */
import { pushExternalBench } from './push-external.bench';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof pushExternalBench>[0];
console.log = (...args: unknown[]) => console.error(...args);
pushExternalBench(options).then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`push external failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
