// Client versions compared as Python's packaging compares them (checked against it).
import test from 'ava';
import { versionAtLeast } from '../../packages/orchestration/src/client-versions.ts';

const CASES: [string, boolean][] = [
  ['3.4.11', true], ['3.4.10', false], ['3.4.11rc1', false], ['3.4.11.dev2', false], ['3.4.11+local', true],
  ['3.4.11.post1', true], ['3.4.11.post1.dev0', true], ['3.5.0a1', true], ['3.4.12.dev0', true], ['3.4', false],
  ['3.4.11.0', true], ['3.10.0', true], ['2.20.3', false], ['3.0.0rc20', false], ['3.4.11-1', true],
];

for (const [version, atLeast] of CASES) {
  test(`${version} ${atLeast ? 'reaches' : 'is before'} 3.4.11`, (t) => {
    t.is(versionAtLeast(version, '3.4.11'), atLeast);
  });
}
