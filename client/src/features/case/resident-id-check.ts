import { set, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import { checkResidentId, type ResidentIdProblem } from '../../../../shared/identity';
import { isJsonObject } from '../../lib/json-object';

export type ResidentIdIssue = { index: number; problem: ResidentIdProblem };

/**
 * The typed passengers whose resident ID fails GB 11643 (length, digits, birth date, check
 * character), by their place in the list. Other documents have no check the console can run.
 */
export function residentIdIssues(passengers: unknown): ResidentIdIssue[] {
  if (!Array.isArray(passengers)) return [];
  return passengers.flatMap((passenger: unknown, index): ResidentIdIssue[] => {
    if (!isJsonObject(passenger) || passenger.idType !== 'resident_id' || typeof passenger.idNumber !== 'string')
      return [];
    const idNumber = passenger.idNumber.trim().toUpperCase();
    // An empty number is the schema's to report ("required"), in its own words.
    if (idNumber === '') return [];
    const check = checkResidentId(idNumber);
    return check.ok ? [] : [{ index, problem: check.problem }];
  });
}

/**
 * An event form's resolver that also checks resident IDs, so a mistyped one is flagged next to its
 * own field before anything is sent. The server refuses it too, but only with one message for the
 * whole form, which leaves the agent to find the field among several passengers.
 */
export function withResidentIdCheck(
  resolver: Resolver<FieldValues>,
  describe: (problem: ResidentIdProblem) => string,
): Resolver<FieldValues> {
  return async (values, context, options) => {
    const result = await resolver(values, context, options);
    const issues = residentIdIssues(values.passengers);
    if (issues.length === 0) return result;
    // A problem with the list as a whole (none entered, too many) stands on its own.
    if (result.errors.passengers !== undefined && !Array.isArray(result.errors.passengers)) return result;
    const errors: FieldErrors<FieldValues> = { ...result.errors };
    // Where react-hook-form looks nested errors up: "passengers.1.idNumber".
    for (const { index, problem } of issues)
      set(errors, `passengers.${index}.idNumber`, { type: 'residentId', message: describe(problem) });
    return { values: {}, errors };
  };
}
