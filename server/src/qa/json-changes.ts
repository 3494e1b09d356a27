/**
 * What one JSON value changed into another, as paths: the step changes replay records and shows.
 * Objects are compared key by key; arrays and scalars as whole values.
 */
export type JsonChange = { path: string[]; to?: unknown; removed?: true };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as JSON has it: no undefined fields, Dates as ISO strings. */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function jsonChanges(before: unknown, after: unknown, path: string[] = []): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const changes: JsonChange[] = [];
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!(key in after)) changes.push({ path: [...path, key], removed: true });
      else if (!(key in before)) changes.push({ path: [...path, key], to: after[key] });
      else changes.push(...jsonChanges(before[key], after[key], [...path, key]));
    }
    return changes;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, to: after }];
}

/** `before` with the changes made (a new value; `before` is left as it was). */
export function applyJsonChanges<T>(before: T, changes: readonly JsonChange[]): T {
  let result: unknown = structuredClone(before);
  for (const change of changes) {
    if (change.path.length === 0) {
      result = structuredClone(change.to);
      continue;
    }
    let target = result as JsonObject;
    for (const key of change.path.slice(0, -1)) {
      if (!isObject(target[key])) target[key] = {};
      target = target[key] as JsonObject;
    }
    const last = change.path[change.path.length - 1] ?? '';
    if (change.removed) Reflect.deleteProperty(target, last);
    else target[last] = structuredClone(change.to);
  }
  return result as T;
}
