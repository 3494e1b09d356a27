import type { Redis } from 'ioredis';

/**
 * Per-room sequence numbers: every push to a room carries the next one, so a client that sees a
 * gap knows it missed something and refetches. In memory for one process; in Redis (INCR) when
 * several processes publish to the same rooms.
 */
export type RoomSequences = {
  next(room: string): Promise<number>;
  current(room: string): Promise<number>;
};

export function memorySequences(): RoomSequences {
  const counters = new Map<string, number>();
  return {
    async next(room) {
      const seq = (counters.get(room) ?? 0) + 1;
      counters.set(room, seq);
      return seq;
    },
    async current(room) {
      return counters.get(room) ?? 0;
    },
  };
}

const KEY_PREFIX = 'td:seq:';

export function redisSequences(redis: Redis): RoomSequences {
  return {
    async next(room) {
      return redis.incr(KEY_PREFIX + room);
    },
    async current(room) {
      const value = await redis.get(KEY_PREFIX + room);
      return value ? Number(value) : 0;
    },
  };
}
