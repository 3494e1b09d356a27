/**
 * `npm run call -- --from 13800138000 [--extension 8001] [--answer-after 3] [--hangup-after 20]`:
 * a stand-in phone system for demos. Sends signed call.ringing, then call.answered and call.ended
 * (seconds counted from the ring; leave --answer-after out for a call nobody answers, which the
 * caller abandons at --hangup-after) to the running server at URL or http://localhost:PORT, with
 * TELEPHONY_WEBHOOK_SECRET or the demo secret `npm start` prints.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_TELEPHONY_SECRET } from '../../server/src/config';
import type { TelephonyEvent } from '../../shared/conversations';
import { phoneSystem } from './phone-system';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    extension: { type: 'string' },
    'answer-after': { type: 'string' },
    'hangup-after': { type: 'string' },
    to: { type: 'string', default: '95105' },
  },
});
if (!values.from) {
  console.error('usage: npm run call -- --from 13800138000 [--extension 8001] [--answer-after 3] [--hangup-after 20]');
  process.exit(2);
}
const url = process.env.URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
const phone = phoneSystem(url, process.env.TELEPHONY_WEBHOOK_SECRET ?? DEMO_TELEPHONY_SECRET);
const callId = `sim-${randomUUID()}`;
const seconds = (value: string | undefined) => (value === undefined ? null : Number(value));
const answerAfter = seconds(values['answer-after']);
const hangupAfter = seconds(values['hangup-after']);
const started = Date.now();

async function send(type: TelephonyEvent['type']): Promise<void> {
  const event: TelephonyEvent = {
    type,
    callId,
    from: values.from ?? '',
    to: values.to ?? '95105',
    ...(values.extension ? { agentExtension: values.extension } : {}),
    at: new Date().toISOString(),
  };
  const res = await phone.send(event);
  console.log(`${type.padEnd(14)} → ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 300) process.exitCode = 1;
}
const until = (s: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, started + s * 1000 - Date.now())));

console.log(`call ${callId} from ${values.from} to ${url}`);
await send('call.ringing');
if (answerAfter !== null) {
  await until(answerAfter);
  await send('call.answered');
}
if (hangupAfter !== null) {
  await until(hangupAfter);
  await send('call.ended');
}
