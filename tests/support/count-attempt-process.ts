/**
 * A second process for the rate-limit tests: connects to the given database, counts one attempt
 * against a named limit for a subject, and prints the result as one JSON line.
 * Usage: tsx tests/support/count-attempt-process.ts <uri> <dbName> <limitName> <subject> <nowIso>
 */
import mongoose from 'mongoose';
import { countAttempt, searchLimits } from '../../server/src/customers/search-limits';

const [uri, dbName, limitName, subject, nowIso] = process.argv.slice(2);
const limit = Object.values(searchLimits).find((l) => l.name === limitName);
if (!uri || !dbName || !limit || !subject || !nowIso)
  throw new Error('usage: <uri> <dbName> <limitName> <subject> <nowIso>');
await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
const counted = await countAttempt(limit, subject, new Date(nowIso));
process.stdout.write(`${JSON.stringify(counted)}\n`);
await mongoose.disconnect();
