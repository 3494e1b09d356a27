import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import {
  conversationMachine,
  conversationStatePath,
  conversationStatusOf,
  defaultConversationConfig,
  talkSeconds,
  type ConversationContext,
  type ConversationInput,
} from './conversation';
import { actors, stamp, T0 } from './testing/fixtures';
import { persistAndRestore, send, sendAll, start } from './testing/drive';

const sec = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
const agentRef = { id: actors.agent.id, name: actors.agent.name };
const otherRef = { id: actors.agent2.id, name: actors.agent2.name };
const input = (over: Partial<ConversationInput> = {}): ConversationInput => ({
  conversationId: 'c1',
  channel: 'call',
  queue: 'sales',
  customerId: null,
  phone: '13800138000',
  externalId: 'call-1',
  createdAt: sec(0),
  config: defaultConversationConfig,
  ...over,
});
const ctx = (s: AnyMachineSnapshot) => s.context as ConversationContext;
const status = (s: AnyMachineSnapshot) => conversationStatusOf(s.value);
const m = conversationMachine;
const initial = (over: Partial<ConversationInput> = {}) => start(m, input(over)).snapshot;
const offer = (who = agentRef, at = sec(1)) => stamp({ type: 'OFFER', agent: who }, actors.system, at);
const answered = () => sendAll(m, initial(), [offer(), stamp({ type: 'ANSWER' }, actors.system, sec(5))]).snapshot;

describe('conversation machine', () => {
  it('starts queued at its creation time with no agent', () => {
    const s = initial();
    expect(status(s)).toBe('queued');
    expect(ctx(s)).toMatchObject({ queuedAt: sec(0), agent: null, timers: [], holdMs: 0 });
  });

  it('an offer arms an expiry timer; OFFER_EXPIRED before it is due is refused, after it returns the contact to the queue', () => {
    const offered = send(m, initial(), offer()).snapshot;
    expect(status(offered)).toBe('offered');
    expect(ctx(offered).timers).toEqual([{ key: 'offer', event: 'OFFER_EXPIRED', dueAt: sec(31) }]);
    expect(send(m, offered, stamp({ type: 'OFFER_EXPIRED' }, actors.system, sec(20))).accepted).toBe(false);
    const back = send(m, offered, stamp({ type: 'OFFER_EXPIRED' }, actors.system, sec(31))).snapshot;
    expect(status(back)).toBe('queued');
    expect(ctx(back)).toMatchObject({
      agent: null,
      timers: [],
      declines: [{ agentId: agentRef.id, reason: 'expired' }],
    });
  });

  it('only the offered agent accepts or declines; another agent is refused', () => {
    const offered = send(m, initial(), offer()).snapshot;
    expect(send(m, offered, stamp({ type: 'ACCEPT' }, actors.agent2, sec(2))).accepted).toBe(false);
    expect(send(m, offered, stamp({ type: 'DECLINE' }, actors.agent2, sec(2))).accepted).toBe(false);
    const declined = send(m, offered, stamp({ type: 'DECLINE' }, actors.agent, sec(2))).snapshot;
    expect(status(declined)).toBe('queued');
    const accepted = send(m, offered, stamp({ type: 'ACCEPT' }, actors.agent, sec(3))).snapshot;
    expect(status(accepted)).toBe('active');
    expect(ctx(accepted)).toMatchObject({ agent: agentRef, answeredAt: sec(3), timers: [] });
  });

  it('a phone answered without our offer needs the agent named', () => {
    expect(send(m, initial(), stamp({ type: 'ANSWER' }, actors.system, sec(2))).accepted).toBe(false);
    const s = send(m, initial(), stamp({ type: 'ANSWER', agent: otherRef }, actors.system, sec(2))).snapshot;
    expect(ctx(s)).toMatchObject({ agent: otherRef, answeredAt: sec(2) });
  });

  it('hold time adds up across holds and into the end', () => {
    const s = sendAll(m, answered(), [
      stamp({ type: 'HOLD' }, actors.system, sec(10)),
      stamp({ type: 'RESUME' }, actors.system, sec(25)),
      stamp({ type: 'HOLD' }, actors.system, sec(30)),
    ]).snapshot;
    expect(conversationStatePath(s.value)).toBe('active.held');
    expect(status(s)).toBe('active');
    const ended = send(m, s, stamp({ type: 'END' }, actors.system, sec(40))).snapshot;
    expect(ctx(ended).holdMs).toBe(25_000);
  });

  it('END starts wrap-up with a countdown of wrapUpSeconds; the disposition or the timer ends it', () => {
    const wrap = send(m, answered(), stamp({ type: 'END' }, actors.system, sec(65))).snapshot;
    expect(status(wrap)).toBe('wrap_up');
    expect(ctx(wrap)).toMatchObject({ endedAt: sec(65), wrapUpEndAt: sec(125) });
    expect(ctx(wrap).timers).toEqual([{ key: 'wrapUp', event: 'WRAP_UP_DUE', dueAt: sec(125) }]);
    expect(talkSeconds(ctx(wrap), sec(999))).toBe(60);
    const done = send(
      m,
      wrap,
      stamp({ type: 'WRAP_UP_DONE', disposition: 'resolved' }, actors.agent, sec(70)),
    ).snapshot;
    expect(status(done)).toBe('ended');
    expect(ctx(done)).toMatchObject({ disposition: 'resolved', timers: [] });
    expect(send(m, wrap, stamp({ type: 'WRAP_UP_DUE' }, actors.system, sec(100))).accepted).toBe(false);
    const timedOut = send(m, wrap, stamp({ type: 'WRAP_UP_DUE' }, actors.system, sec(125))).snapshot;
    expect(ctx(timedOut)).toMatchObject({ disposition: null, timers: [] });
    expect(status(timedOut)).toBe('ended');
    const short = start(m, input({ config: { offerSeconds: 30, wrapUpSeconds: 5 } })).snapshot;
    const shortWrap = sendAll(m, short, [
      stamp({ type: 'ANSWER', agent: agentRef }, actors.system, sec(1)),
      stamp({ type: 'END' }, actors.system, sec(2)),
    ]).snapshot;
    expect(ctx(shortWrap).wrapUpEndAt).toBe(sec(7));
  });

  it('the caller hanging up before an answer abandons; nobody answering is missed', () => {
    expect(status(send(m, initial(), stamp({ type: 'ABANDON' }, actors.system, sec(9))).snapshot)).toBe('abandoned');
    const missed = send(m, send(m, initial(), offer()).snapshot, stamp({ type: 'MISS' }, actors.system, sec(9)));
    expect(status(missed.snapshot)).toBe('missed');
    expect(ctx(missed.snapshot).timers).toEqual([]);
  });

  it('transfer to an agent offers it to them, to a queue re-queues it', () => {
    const toAgent = send(m, answered(), stamp({ type: 'TRANSFER', agent: otherRef }, actors.agent, sec(20))).snapshot;
    expect(status(toAgent)).toBe('offered');
    expect(ctx(toAgent).agent).toEqual(otherRef);
    const toQueue = send(m, answered(), stamp({ type: 'TRANSFER', queue: 'refunds' }, actors.agent, sec(20))).snapshot;
    expect(status(toQueue)).toBe('queued');
    expect(ctx(toQueue)).toMatchObject({ queue: 'refunds', agent: null });
    expect(send(m, answered(), stamp({ type: 'TRANSFER' }, actors.agent, sec(20))).accepted).toBe(false);
  });

  it('another agent cannot end or hold someone else’s call', () => {
    expect(send(m, answered(), stamp({ type: 'END' }, actors.agent2, sec(20))).accepted).toBe(false);
    expect(send(m, answered(), stamp({ type: 'HOLD' }, actors.agent2, sec(20))).accepted).toBe(false);
    expect(send(m, answered(), stamp({ type: 'END' }, actors.supervisor, sec(20))).accepted).toBe(true);
  });

  it('cases link once, also after the contact ended; events the state does not take are refused', () => {
    const wrap = send(m, answered(), stamp({ type: 'END' }, actors.system, sec(30))).snapshot;
    const ended = send(
      m,
      wrap,
      stamp({ type: 'WRAP_UP_DONE', disposition: 'case_opened' }, actors.agent, sec(31)),
    ).snapshot;
    const linked = send(m, ended, stamp({ type: 'LINK_CASE', caseId: 'k1' }, actors.agent, sec(40))).snapshot;
    expect(ctx(linked).caseIds).toEqual(['k1']);
    expect(send(m, linked, stamp({ type: 'LINK_CASE', caseId: 'k1' }, actors.agent, sec(41))).accepted).toBe(false);
    expect(send(m, ended, stamp({ type: 'HOLD' }, actors.system, sec(41))).accepted).toBe(false);
    expect(send(m, ended, stamp({ type: 'ANSWER', agent: agentRef }, actors.system, sec(41))).accepted).toBe(false);
  });

  it('a chat is rated once, 1 to 5, after it ended', () => {
    const chat = start(m, input({ channel: 'chat', phone: null, externalId: null })).snapshot;
    const ended = sendAll(m, chat, [
      offer(),
      stamp({ type: 'ACCEPT' }, actors.agent, sec(2)),
      stamp({ type: 'END' }, actors.agent, sec(50)),
      stamp({ type: 'WRAP_UP_DONE', disposition: 'resolved' }, actors.agent, sec(55)),
    ]).snapshot;
    expect(send(m, ended, stamp({ type: 'RATE', score: 6 }, actors.system, sec(60))).accepted).toBe(false);
    const rated = send(m, ended, stamp({ type: 'RATE', score: 5, comment: '很好' }, actors.system, sec(60))).snapshot;
    expect(ctx(rated).csat).toEqual({ score: 5, comment: '很好', at: sec(60) });
    expect(send(m, rated, stamp({ type: 'RATE', score: 4 }, actors.system, sec(61))).accepted).toBe(false);
  });

  it('a callback attempt records its outcome: no answer ends it, reached keeps it live, calls refuse outcomes', () => {
    const cb = sendAll(m, initial({ channel: 'callback', callbackId: 'cb1' }), [
      stamp({ type: 'ANSWER', agent: agentRef }, actors.agent, sec(2)),
    ]).snapshot;
    const noAnswer = send(m, cb, stamp({ type: 'CALLBACK_OUTCOME', outcome: 'no_answer' }, actors.agent, sec(30)));
    expect(status(noAnswer.snapshot)).toBe('ended');
    expect(ctx(noAnswer.snapshot)).toMatchObject({ callbackOutcome: 'no_answer', disposition: 'callback_no_answer' });
    const reached = send(m, cb, stamp({ type: 'CALLBACK_OUTCOME', outcome: 'reached' }, actors.agent, sec(30)));
    expect(status(reached.snapshot)).toBe('active');
    expect(ctx(reached.snapshot).callbackOutcome).toBe('reached');
    expect(
      send(m, answered(), stamp({ type: 'CALLBACK_OUTCOME', outcome: 'reached' }, actors.agent, sec(9))).accepted,
    ).toBe(false);
  });

  it('survives the JSON round trip the store makes, timers included', () => {
    const wrap = send(m, answered(), stamp({ type: 'END' }, actors.system, sec(30))).snapshot;
    const restored = persistAndRestore(m, wrap);
    expect(ctx(restored)).toEqual(ctx(wrap));
    expect(status(send(m, restored, stamp({ type: 'WRAP_UP_DUE' }, actors.system, sec(90))).snapshot)).toBe('ended');
  });
});
