// Prints the trace hash of one gossip run: used to prove that a run in a
// separate process gives the same hash.
import { runGossip } from './gossip.js';

const seed = Number(process.argv[2] ?? '1');
process.stdout.write(`${runGossip(seed).hash}\n`);
