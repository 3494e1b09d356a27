/**
 * Standard phrases: everyone signed in reads them, supervisors and admins manage them, shortcuts
 * are unique, and the demo seed gives 20 of them in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { MacroInput } from '../../shared/macros';
import { createCaller } from '../../server/src/trpc/root';
import { MacroModel } from '../../server/src/db/models/macro';
import { DEMO_MACROS, seedMacros } from '../../seed/macros';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps();
const as = (user: PlatformFixtures['users'][keyof PlatformFixtures['users']] | null) =>
  createCaller(contextFor(deps, user));

const input: MacroInput = {
  shortcut: 'late-train',
  category: 'other',
  title: { 'zh-CN': '列车晚点', en: 'Train late' },
  text: {
    'zh-CN': '{customer.name}您好，列车晚点的情况我已了解。',
    en: 'Hello {customer.name}, I see the train is late.',
  },
};

beforeAll(async () => {
  disconnect = await connectTestDatabase('macros');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

describe('macros', () => {
  it('seeds 20 macros in zh-CN and en once, whatever the number of runs', async () => {
    expect(await seedMacros()).toBe(20);
    expect(await seedMacros()).toBe(0);
    const listed = await as(fx.users.agent).macros.list();
    expect(listed).toHaveLength(20);
    expect(new Set(listed.map((m) => m.category))).toEqual(
      new Set(['greeting', 'verification', 'refund', 'change', 'complaint', 'closing', 'other']),
    );
    expect(listed.find((m) => m.shortcut === 'ask-id')?.text['zh-CN']).toContain('身份证');
    expect(DEMO_MACROS.every((m) => m.text.en.length > 0 && m.text['zh-CN'].length > 0)).toBe(true);
  });

  it('lets supervisors and admins create, edit and remove; agents, QA and handlers only read', async () => {
    for (const user of [fx.users.agent, fx.users.qa, fx.users.complaint_handler]) {
      await expect(as(user).macros.create(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(as(null).macros.list()).rejects.toBeInstanceOf(TRPCError);

    const created = await as(fx.users.supervisor).macros.create(input);
    expect(created).toMatchObject({ shortcut: 'late-train', title: { en: 'Train late' } });
    await expect(as(fx.users.admin).macros.create(input)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      as(fx.users.agent).macros.update({ id: created.id, macro: { ...input, category: 'complaint' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const edited = await as(fx.users.admin).macros.update({
      id: created.id,
      macro: { ...input, text: { ...input.text, en: 'Hello {customer.name}, your train {booking.ref} is late.' } },
    });
    expect(edited.text.en).toBe('Hello {customer.name}, your train {booking.ref} is late.');
    expect((await as(fx.users.qa).macros.list()).find((m) => m.id === created.id)?.text.en).toBe(edited.text.en);

    await expect(as(fx.users.agent).macros.remove({ id: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await as(fx.users.supervisor).macros.remove({ id: created.id });
    expect(await MacroModel.exists({ _id: created.id })).toBeNull();
    await expect(as(fx.users.supervisor).macros.remove({ id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a bad shortcut and an over-long text', async () => {
    await expect(as(fx.users.admin).macros.create({ ...input, shortcut: 'Has Spaces' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      as(fx.users.admin).macros.create({
        ...input,
        shortcut: 'too-long',
        text: { ...input.text, en: 'x'.repeat(2001) },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
