/**
 * A stand-in phone system: sends CTI events to `POST /api/telephony/events`, signed the Standard
 * Webhooks way with the shared secret. Used by the tests and by `npm run call`.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { TelephonyEvent } from '../../shared/conversations';

export const TELEPHONY_PATH = '/api/telephony/events';

export type SentEvent = { status: number; body: unknown; id: string };

export type PhoneSystem = {
  /** Signs and sends one event; `id` reuses a webhook-id (a redelivery), `timestamp` backdates it. */
  send(event: TelephonyEvent, options?: { id?: string; timestamp?: Date }): Promise<SentEvent>;
  /** Sends raw headers and body as given (for refused deliveries). */
  sendRaw(body: string, headers: Record<string, string>): Promise<SentEvent>;
  sign(id: string, timestamp: Date, body: string): Record<string, string>;
};

export function phoneSystem(baseUrl: string, secret: string): PhoneSystem {
  const webhook = new Webhook(secret);
  const sendRaw = async (body: string, headers: Record<string, string>): Promise<SentEvent> => {
    const res = await fetch(`${baseUrl}${TELEPHONY_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed, id: headers['webhook-id'] ?? '' };
  };
  const sign = (id: string, timestamp: Date, body: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhook.sign(id, timestamp, body),
  });
  return {
    sign,
    sendRaw,
    async send(event, options = {}) {
      const id = options.id ?? `msg_${randomUUID()}`;
      const body = JSON.stringify(event);
      return sendRaw(body, sign(id, options.timestamp ?? new Date(), body));
    },
  };
}

export function callEvent(
  type: TelephonyEvent['type'],
  callId: string,
  from: string,
  extra: Partial<TelephonyEvent> = {},
): TelephonyEvent {
  return { type, callId, from, to: '95105', at: new Date().toISOString(), ...extra };
}
