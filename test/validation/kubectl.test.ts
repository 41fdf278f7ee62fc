import { kubectlCases } from './cases/kubectl';
import { runSuite } from './run-suite';

runSuite(kubectlCases);
