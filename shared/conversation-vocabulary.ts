/**
 * The conversation words the console's first load needs, free of zod (like ./case-vocabulary);
 * ./conversations re-exports them.
 */

/** Wrap-up outcomes an agent picks after a call or chat. */
export const dispositions = ['resolved', 'case_opened', 'follow_up', 'no_action', 'wrong_number'] as const;
export type Disposition = (typeof dispositions)[number];
