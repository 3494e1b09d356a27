/**
 * Runs one bench part in a process of its own (run.ts). The parts that start a whole server close
 * the shared mongoose connection when they stop, which would leave the parts after them without a
 * database. argv: the part's name and its options as JSON; the result as JSON on stdout, progress
 * on stderr.
 */
import { chatBench } from './chat.bench';
import { pushBench } from './push.bench';

const benches = { push: pushBench, chat: chatBench } as const;
const name = process.argv[2] as keyof typeof benches;
const bench = benches[name] as ((options: unknown) => Promise<unknown>) | undefined;
console.log = (...args: unknown[]) => console.error(...args);
if (!bench) {
  process.stderr.write(`unknown bench part ${String(name)}\n`);
  process.exit(1);
}
bench(JSON.parse(process.argv[3] ?? '{}')).then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
