import { PgliteDataSource } from '../db/PgliteDataSource.js';
import { leakyVariantSuite } from '../test-utils/variantSuites.js';

leakyVariantSuite({ label: 'PGlite', open: () => PgliteDataSource.create(), concurrent: false });
