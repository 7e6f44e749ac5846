import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Lines git writes into a file when a merge leaves a conflict for a person to settle. */
function conflictMarkers(text: string): number[] {
  const lines = text.split('\n');
  const found: number[] = [];
  lines.forEach((line, i) => {
    if (/^(<{7} |>{7} |={7}$)/.test(line) && lines.some((l) => /^(<{7} |>{7} )/.test(l))) found.push(i + 1);
  });
  return found;
}

describe('Conflict markers', () => {
  test('When a merge left markers in a file, then the check finds their lines', () => {
    expect(conflictMarkers(['a', '<<<<<<< HEAD', 'b', '=======', 'c', '>>>>>>> branch', 'd'].join('\n'))).toEqual([2, 4, 6]);
    // A Markdown heading underline or a line of "=" in a table is not a conflict.
    expect(conflictMarkers(['Title', '=======', 'text'].join('\n'))).toEqual([]);
  });

  test('When the repository is checked, then no tracked text file holds a merge conflict', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((f) => /\.(ts|js|mjs|json|md|yml|yaml|sh|bicep|html|css|sql|txt|example)$/.test(f) || f.startsWith('.ci/'));
    expect(files.length).toBeGreaterThan(100);
    const bad = files.flatMap((f) => conflictMarkers(readFileSync(path.join(root, f), 'utf8')).map((line) => `${f}:${line}`));
    expect(bad).toEqual([]);
  });
});
