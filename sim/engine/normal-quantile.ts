// The standard normal distribution's quantile function (inverse CDF), by
// Wichura's Algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988): three
// rational approximations in p near 0.5, in sqrt(-log(min(p, 1 - p))) up to 5
// and beyond, each accurate to about 1 part in 10^16. Only + - * /, Math.log
// and Math.sqrt: the same bits on every platform (V8's Math.log is an fdlibm
// port), so a latency drawn through it is deterministic.

/**
 * Coefficients in ascending powers, numerator then denominator (whose constant term is 1): AS 241's
 * 20-digit constants as the doubles they round to.
 */
const CENTRAL_NUM = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087,
  33430.57558358813, 2509.0809287301227,
];
const CENTRAL_DEN = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943,
  5226.495278852854,
];
const NEAR_NUM = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const NEAR_DEN = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const FAR_NUM = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const FAR_DEN = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 1.8463183175100548e-5,
  1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Where AS 241 switches approximations: |p - 0.5| <= 0.425, then r = sqrt(-log(tail)) <= 5. */
const CENTRAL_HALF_WIDTH = 0.425;
const NEAR_R_MAX = 5;
/** 0.425^2, written out as AS 241 does (the product in doubles is one ulp off). */
const CENTRAL_R2 = 0.180625;
/** The middle approximation's variable is r - 1.6. */
const NEAR_SHIFT = 1.6;

/** A polynomial with coefficients in ascending powers at x, by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let sum = 0;
  for (let i = c.length - 1; i >= 0; i--) sum = sum * x + (c[i] as number);
  return sum;
}

/** z with P(Z <= z) = p for a standard normal Z; -Infinity at 0 and Infinity at 1. */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= CENTRAL_HALF_WIDTH) {
    const r = CENTRAL_R2 - q * q;
    return (q * poly(CENTRAL_NUM, r)) / poly(CENTRAL_DEN, r);
  }
  const tail = q < 0 ? p : 1 - p;
  if (!(tail > 0)) return q < 0 ? -Infinity : Infinity;
  const r = Math.sqrt(-Math.log(tail));
  const z =
    r <= NEAR_R_MAX
      ? poly(NEAR_NUM, r - NEAR_SHIFT) / poly(NEAR_DEN, r - NEAR_SHIFT)
      : poly(FAR_NUM, r - NEAR_R_MAX) / poly(FAR_DEN, r - NEAR_R_MAX);
  return q < 0 ? -z : z;
}
