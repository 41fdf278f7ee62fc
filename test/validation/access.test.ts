import { accessCases } from './cases/access';
import { runSuite } from './run-suite';

runSuite(accessCases);
