// A canonical JSON text of plain data: object keys sorted (by UTF-16 code
// units, recursively), arrays in their order, undefined members left out as
// JSON.stringify does. Two values with the same content and keys built in a
// different order give the same text, so a digest over it names the content,
// not how it was constructed (issue 11 part 4).
import { fail } from './assert.js';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (v !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
    }
    return `{${members.join(',')}}`;
  }
  const text = JSON.stringify(value);
  if (typeof text !== 'string') fail(`canonicalJson: ${typeof value} is not JSON data`);
  return text;
}
