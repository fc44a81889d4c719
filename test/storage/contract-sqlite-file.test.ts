// The storage contract suite on sqlite file, a fresh database per test.
import { storageContract } from './contract/suite.ts';

storageContract('sqlite-file');
