// The storage contract suite on sqlite memory, a fresh database per test.
import { storageContract } from './contract/suite.ts';

storageContract('sqlite-memory');
