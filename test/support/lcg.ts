// A small deterministic generator for tests that need varied inputs but no real randomness.

/** Successive 32-bit values of a linear congruential generator seeded with `seed`. */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    return x;
  };
}
