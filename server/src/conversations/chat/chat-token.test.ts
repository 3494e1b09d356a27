import { describe, expect, it } from 'vitest';
import { CHAT_TOKEN_TTL_MS, signChatToken, verifyChatToken } from './chat-token';

const secret = 'a-test-secret-that-is-long-enough-for-hmac';
const id = '65f0c0ffee0000000000abcd';
const at = new Date('2026-05-10T08:00:00Z');

describe('chat token', () => {
  it('names its conversation while it is genuine and fresh', () => {
    const token = signChatToken(secret, id, at);
    expect(verifyChatToken(secret, token, new Date(at.getTime() + 1000))).toBe(id);
    expect(verifyChatToken(secret, token, new Date(at.getTime() + CHAT_TOKEN_TTL_MS + 1))).toBeNull();
  });
  it('refuses another key, another conversation id, a changed date and garbage', () => {
    const token = signChatToken(secret, id, at);
    expect(verifyChatToken(`${secret}x`, token, at)).toBeNull();
    expect(verifyChatToken(secret, token.replace(id, '65f0c0ffee0000000000abce'), at)).toBeNull();
    expect(verifyChatToken(secret, token.replace(`.${at.getTime()}.`, `.${at.getTime() + 1}.`), at)).toBeNull();
    const sig = token.slice(-43);
    const flipped = token.slice(0, -43) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyChatToken(secret, flipped, at)).toBeNull();
    for (const bad of [undefined, 42, '', 'v1.x.y.z', `${token}x`]) expect(verifyChatToken(secret, bad, at)).toBeNull();
  });
});
