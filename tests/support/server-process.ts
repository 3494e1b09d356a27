/**
 * A second server process for tests ("in every process"): the product's createServer with the
 * configuration from the environment, its URL printed as one JSON line on stdout. TEST_JOBS=1 runs
 * the timer and outbox jobs as a real node does; TEST_NOW starts the clock at that instant (it
 * keeps running), so fixtures dated around it stay valid.
 */
import { loadConfig } from '../../server/src/config';
import { createServer } from '../../server/src/http/server';

const offsetMs = process.env.TEST_NOW ? Date.parse(process.env.TEST_NOW) - Date.now() : 0;
const server = await createServer(loadConfig(process.env), {
  jobs: process.env.TEST_JOBS === '1',
  seed: false,
  staticDir: null,
  ...(offsetMs !== 0 ? { now: () => new Date(Date.now() + offsetMs) } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
