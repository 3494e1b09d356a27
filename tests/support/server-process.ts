/**
 * A second server process for tests ("in every process"): the product's createServer with the
 * configuration from the environment, its URL printed as one JSON line on stdout.
 */
import { loadConfig } from '../../server/src/config';
import { createServer } from '../../server/src/http/server';

// TEST_SERVER_JOBS=1 runs the timer jobs too (a restart test needs the process that fires them).
const server = await createServer(loadConfig(process.env), {
  jobs: process.env.TEST_SERVER_JOBS === '1',
  seed: false,
  staticDir: null,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
