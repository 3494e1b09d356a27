import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SendEventInput } from '../../../../shared/cases';
import type { CaseDetail } from '../../lib/case-detail';
import { isAmbiguousFailure, readApiError } from '../../lib/api-errors';
import { useSubmitKey } from '../../lib/idempotency';
import { useTRPC } from '../../lib/trpc';

/** An event as cases.send takes it: its type and payload (checked against the kind's schema on the server). */
export type CaseEvent = SendEventInput['event'];

export type Conflict = { seen: CaseDetail; fresh: CaseDetail };

export type SendResult = { ok: true; detail: CaseDetail } | { ok: false; error: unknown };

/**
 * Sends events to one case with the version the agent is looking at. A stale version comes back
 * as CONFLICT: the hook then fetches the current case so the caller can show what changed and
 * send again on top of it; the form's input is never touched.
 */
export function useCaseSender({
  viewed,
  onAdopt,
  onSent,
}: {
  viewed: CaseDetail;
  onAdopt?: (fresh: CaseDetail) => void;
  /** `base` is the case the event was sent on (the viewed one, or the latest after a retry). */
  onSent?: (detail: CaseDetail, base: CaseDetail) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [lastEvent, setLastEvent] = useState<CaseEvent | null>(null);
  const mutation = useMutation(trpc.cases.send.mutationOptions());

  async function send(event: CaseEvent, base: CaseDetail): Promise<SendResult> {
    setLastEvent(event);
    setConflict(null);
    const expectedVersion = base.version;
    try {
      const detail = await mutation.mutateAsync({
        caseId: base.id,
        expectedVersion,
        idempotencyKey: submitKey.keyFor(JSON.stringify({ event, expectedVersion })),
        event,
      });
      submitKey.settle();
      queryClient.setQueryData(trpc.cases.get.queryKey({ id: detail.id }), detail);
      onSent?.(detail, base);
      return { ok: true, detail };
    } catch (error) {
      if (!isAmbiguousFailure(error)) submitKey.settle();
      if (readApiError(error).code === 'CONFLICT') {
        try {
          const fresh = await queryClient.fetchQuery({ ...trpc.cases.get.queryOptions({ id: base.id }), staleTime: 0 });
          setConflict({ seen: base, fresh });
        } catch {
          // The error above already tells the agent; a failed refetch adds nothing they can act on.
        }
      }
      return { ok: false, error };
    }
  }

  return {
    /** Sends on top of the case as the agent sees it. */
    submit: (event: CaseEvent) => send(event, viewed),
    /** Takes the current case as the one the agent sees and sends the same event again. */
    retryOnLatest: () => {
      if (!conflict || !lastEvent) return Promise.resolve<SendResult>({ ok: false, error: null });
      onAdopt?.(conflict.fresh);
      return send(lastEvent, conflict.fresh);
    },
    /** Takes the current case without sending (to review it first). */
    adoptLatest: () => {
      if (!conflict) return;
      onAdopt?.(conflict.fresh);
      setConflict(null);
      mutation.reset();
    },
    pending: mutation.isPending,
    error: mutation.error,
    conflict,
    reset: () => {
      setConflict(null);
      mutation.reset();
    },
  };
}
