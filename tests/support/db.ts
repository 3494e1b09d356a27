import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';

/** A fresh database name per test file, on the server the global setup found or started. */
export function testDatabase(label: string): { uri: string; dbName: string } {
  const uri = inject('mongodbUri');
  const dbName = `td_test_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  return { uri, dbName };
}
