// Assertion helpers shared by the suites.

/** True when the list is non-empty and every item satisfies `pred` (`[].every` is vacuously true). */
export function nonEmptyAll<T>(items: readonly T[], pred: (item: T) => boolean): boolean {
  return items.length > 0 && items.every(pred);
}
