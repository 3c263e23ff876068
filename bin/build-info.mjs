// Run by `npm run build`: records the git commit the build was made from in
// dist/build-info.json, so reports name the code finer than the package
// version (issue 10 row 6). Outside a git checkout nothing is recorded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

let commit;
try {
  commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  commit = undefined;
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/build-info.json', `${JSON.stringify(commit === undefined ? {} : { commit }, null, 2)}\n`);
