import { clusterCases } from './cases/cluster';
import { runSuite } from './run-suite';

runSuite(clusterCases);
