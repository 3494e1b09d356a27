/**
 * Customer satisfaction for cases: once a case with a customer is closed, the job records a
 * message to the customer (the notifications collection the outbox's notify effect writes, keyed
 * so it is sent once) with a link to a rating page signed for that case; the rating (1–5 and a
 * comment) lands on the case once. Chats are rated on the chat page (conversation `csat`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import { CaseModel } from '../db/models/case';
import { NotificationModel } from '../db/models/effect-records';

const LINK_VALID_MS = 14 * 86_400_000;
/** Cases closed longer ago than this when the job first runs are not asked any more. */
const ASK_WITHIN_MS = 2 * 86_400_000;
const BATCH = 100;

let cachedSecret: Buffer | null = null;

/** RATING_SECRET, or one made once and kept in MongoDB so every node signs and checks alike. */
async function ratingSecret(): Promise<Buffer> {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.RATING_SECRET;
  if (fromEnv) return (cachedSecret = Buffer.from(fromEnv));
  const secrets = mongoose.connection.collection<{ _id: string; value: string }>('app_secrets');
  await secrets.updateOne(
    { _id: 'rating-link' },
    { $setOnInsert: { value: randomBytes(32).toString('hex') } },
    { upsert: true },
  );
  const doc = await secrets.findOne({ _id: 'rating-link' });
  if (!doc) throw new Error('the rating link secret could not be stored');
  return (cachedSecret = Buffer.from(doc.value));
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export async function ratingToken(caseId: string, now: Date): Promise<string> {
  const body = `${caseId}.${now.getTime() + LINK_VALID_MS}`;
  return `${body}.${sign(await ratingSecret(), body)}`;
}

async function caseOfToken(token: string, now: Date): Promise<string> {
  const [caseId = '', expires = '', signature = ''] = token.split('.');
  const expected = sign(await ratingSecret(), `${caseId}.${expires}`);
  const valid =
    Types.ObjectId.isValid(caseId) &&
    // Bytes, not characters: a non-ASCII signature of the right length must fail, not throw.
    Buffer.byteLength(signature) === Buffer.byteLength(expected) &&
    timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!valid) throw new DomainError('INVALID_INPUT', 'This rating link is not valid.');
  if (Number(expires) < now.getTime()) throw new DomainError('INVALID_INPUT', 'This rating link has expired.');
  return caseId;
}

/** The job: asks the customers of recently closed cases for a rating, each case once. */
export async function requestCaseRatings(now: Date): Promise<number> {
  const closed = await CaseModel.find(
    {
      status: 'closed',
      csatRequestedAt: null,
      customerId: { $ne: null },
      updatedAt: { $gte: new Date(now.getTime() - ASK_WITHIN_MS) },
    },
    { _id: 1, ref: 1, customerId: 1 },
  )
    .limit(BATCH)
    .lean<{ _id: Types.ObjectId; ref: string; customerId: string }[]>();
  let asked = 0;
  for (const c of closed) {
    const caseId = c._id.toHexString();
    try {
      await NotificationModel.create({
        _id: `csat:${caseId}`,
        caseId,
        customerId: c.customerId,
        template: 'csat.request',
        params: { caseRef: c.ref, link: `/api/ratings/${await ratingToken(caseId, now)}` },
        at: now,
      });
      asked += 1;
    } catch (error) {
      // Another node asked first: the message exists once.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
    await CaseModel.updateOne({ _id: c._id, csatRequestedAt: null }, { $set: { csatRequestedAt: now } });
  }
  return asked;
}

export async function ratingPageCase(token: string, now: Date): Promise<{ ref: string; rated: boolean }> {
  const caseId = await caseOfToken(token, now);
  const found = await CaseModel.findById(caseId, { ref: 1, csat: 1 }).lean<{ ref: string; csat?: unknown }>();
  if (!found) throw new DomainError('NOT_FOUND', 'The case of this rating link is gone.');
  return { ref: found.ref, rated: Boolean(found.csat) };
}

/** Stores the customer's rating on the case; a second rating is refused. */
export async function rateCase(
  token: string,
  input: { score: number; comment: string | null },
  now: Date,
): Promise<void> {
  const caseId = await caseOfToken(token, now);
  const stored = await CaseModel.updateOne(
    { _id: caseId, status: 'closed', csat: null },
    { $set: { csat: { score: input.score, comment: input.comment, at: now } } },
  );
  if (stored.matchedCount === 0) throw new DomainError('CONFLICT', 'This case has been rated already.');
}
