import { identityAddonCases } from './cases/identity-addons';
import { runSuite } from './run-suite';

runSuite(identityAddonCases);
