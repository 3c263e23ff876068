// Writes a report under the directory given and prints the result as JSON: the separate-process
// half of the test that a target which cannot be created fails at once instead of hanging.
import { writeReportAtomically } from '../../sim/report/write-report.js';

process.stdout.write(`${JSON.stringify(writeReportAtomically(process.argv[2] ?? '', { 'a.txt': 'one' }))}\n`);
