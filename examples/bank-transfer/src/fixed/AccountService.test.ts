import { PgliteDataSource } from '../db/PgliteDataSource.js';
import { fixedVariantSuite } from '../test-utils/variantSuites.js';

fixedVariantSuite({ label: 'PGlite', open: () => PgliteDataSource.create(), concurrent: false });
