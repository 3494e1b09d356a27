import { describe, expect, it } from 'vitest';
import { isSameOrigin, sessionToken } from './gateway';

describe('sessionToken', () => {
  it('finds td_session among other cookies', () => {
    expect(sessionToken('theme=dark; td_session=abc_DEF-123; lang=zh-CN')).toBe('abc_DEF-123');
    expect(sessionToken('td_session="quoted"')).toBe('quoted');
  });

  it('is null without the cookie', () => {
    expect(sessionToken(undefined)).toBeNull();
    expect(sessionToken('')).toBeNull();
    expect(sessionToken('xtd_session=abc; td_sessionx=def')).toBeNull();
  });
});

describe('isSameOrigin', () => {
  it('accepts no Origin (non-browser clients) and the server’s own origin', () => {
    expect(isSameOrigin(undefined, 'localhost:3000')).toBe(true);
    expect(isSameOrigin('http://localhost:3000', 'localhost:3000')).toBe(true);
  });

  it('refuses other origins and garbage', () => {
    expect(isSameOrigin('https://evil.example', 'localhost:3000')).toBe(false);
    expect(isSameOrigin('http://localhost:3001', 'localhost:3000')).toBe(false);
    expect(isSameOrigin('null', 'localhost:3000')).toBe(false);
  });
});
