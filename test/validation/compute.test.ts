import { computeCases } from './cases/compute';
import { runSuite } from './run-suite';

runSuite(computeCases);
