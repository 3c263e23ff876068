// Node names as people read them: "five-groups-2" before "five-groups-10".
// Names are a prefix and an optional numeric suffix (broker-a-12, ns-3,
// order-system-1); a plain string order put -10 and -11 between -1 and -2
// (a fresh-clone trial found scale-out's 80 producer rows in that order).

/** Splits "broker-a-12" into ["broker-a-", 12]; a name without a numeric suffix gets -1. */
export function splitNodeName(name: string): [string, number] {
  const m = /^(.*?)(\d+)$/.exec(name);
  return m === null ? [name, -1] : [m[1] ?? name, Number(m[2])];
}

/** Orders by prefix, then by the suffix as a number. */
export function compareNodeNames(a: string, b: string): number {
  const [pa, na] = splitNodeName(a);
  const [pb, nb] = splitNodeName(b);
  return pa < pb ? -1 : pa > pb ? 1 : na - nb;
}
