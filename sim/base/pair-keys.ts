// Composite Map keys such as "topic@group" or "topic@3", built once per pair
// instead of by string concatenation on every lookup (a fresh string per call
// costs an allocation and a hash computation on the hot paths; issue 9).
export class PairKeys<B extends string | number> {
  private readonly byFirst = new Map<string, Map<B, string>>();

  constructor(private readonly join: (a: string, b: B) => string) {}

  of(a: string, b: B): string {
    let byB = this.byFirst.get(a);
    if (byB === undefined) {
      byB = new Map();
      this.byFirst.set(a, byB);
    }
    let k = byB.get(b);
    if (k === undefined) {
      k = this.join(a, b);
      byB.set(b, k);
    }
    return k;
  }
}
