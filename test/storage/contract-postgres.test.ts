// The storage contract suite on postgres, a fresh database per test.
import { storageContract } from './contract/suite.ts';

storageContract('postgres');
