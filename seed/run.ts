/**
 * `npm run seed` — fills the database (MONGODB_URI, or the local mongod) with the demo data.
 *
 *   npm run seed                          seeds an empty database; leaves one with data alone
 *   npm run seed -- --reset               empties the demo collections first
 *   npm run seed -- --anchor 2026-05-10   the seeded world's "now" (a day, an ISO instant or "now";
 *                                         default the start of today in Asia/Shanghai; SEED_ANCHOR too)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config';
import { createLogger } from '../server/src/logger';
import { connectDatabase, DatabaseUnavailableError } from '../server/src/db/connection';
import { demoDataCounts, resetDemoData, seedDemoData, type SeedSummary } from './index';
import { parseAnchor, startOfShanghaiDay } from './time';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reset: { type: 'boolean', default: false },
      anchor: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log('Usage: npm run seed -- [--reset] [--anchor YYYY-MM-DD | ISO instant | now]');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const now = new Date();
  const anchorText = values.anchor ?? process.env.SEED_ANCHOR;
  const anchor = anchorText ? parseAnchor(anchorText, now) : startOfShanghaiDay(now);

  const database = await connectDatabase(config, logger);
  try {
    if (values.reset) {
      await resetDemoData();
      console.log('Emptied the demo collections.');
    } else {
      const counts = await demoDataCounts();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total > 0) {
        console.log(
          `The database already has data (${Object.entries(counts)
            .map(([name, n]) => `${n} ${name}`)
            .join(', ')}); nothing seeded. Run \`npm run seed -- --reset\` to replace it with the demo data.`,
        );
        return 0;
      }
    }
    const summary = await seedDemoData({ config, logger, now: () => now }, { anchor });
    console.log(describe(summary, database.description));
    return summary.failures.length === 0 && summary.unplanned.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

function describe(s: SeedSummary, where: string): string {
  const lines = [
    `Seeded ${where} in ${(s.ms / 1000).toFixed(1)} s, anchored at ${s.anchor}:`,
    `  ${s.usersCreated} users (password demo1234), ${s.customers} customers, ${s.departures} departures, ${s.bookings} bookings`,
    `  ${s.cases} cases, ${s.openCases} open: ${Object.entries(s.openByQueue)
      .map(([queue, n]) => `${queue} ${n}`)
      .join(', ')}`,
    '  by state:',
  ];
  const byKind = new Map<string, string[]>();
  for (const [key, n] of Object.entries(s.casesByState)) {
    const [kind = '', state = ''] = key.split('/');
    byKind.set(kind, [...(byKind.get(kind) ?? []), `${state} ${n}`]);
  }
  for (const [kind, states] of byKind) lines.push(`    ${kind.padEnd(10)} ${states.join(', ')}`);
  if (s.statesWithoutCases.length > 0) lines.push(`  states with no case: ${s.statesWithoutCases.join(', ')}`);
  for (const label of s.unplanned) lines.push(`  not planned (no fitting booking or departure): ${label}`);
  for (const f of s.failures)
    lines.push(
      `  did not go to plan: ${f.script}${f.step === null ? '' : ` step ${f.step}`}${f.event ? ` ${f.event}` : ''}: ${f.message}`,
    );
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof DatabaseUnavailableError || error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
