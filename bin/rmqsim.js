#!/usr/bin/env node
// The rmqsim command: a tiny shim over the compiled CLI (npm run build).
import { main } from '../dist/sim/cli/main.js';

await main();
