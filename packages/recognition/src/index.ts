export {
  CORE_MODULE,
  DECLARING_PACKAGES,
  GLOBAL_OBJECT_NAMES,
  MODULE_CLASSES,
  POOL_METHODS,
  RECOGNIZED_CLASS_NAMES,
  VOCABULARY,
  isNeverALeak,
  kindOfExport,
  moduleIdOf,
  roleOf,
} from './vocabulary.js';
export type {
  CallRole,
  EnterWithArgumentOrigin,
  KindVocabulary,
  LocalStateKind,
  ModuleId,
  RecognizedKind,
} from './vocabulary.js';
export { kindOfDeclaredClass, nearestManifest, packageNameOf } from './declaringPackage.js';
export { WORDING, describeScopedForms, describeSet, describeUndo } from './wording.js';
export type { KindWording } from './wording.js';
export { WITH_SCOPE_SINCE_MAJOR, hasWithScope } from './nodeVersion.js';
export {
  FROZEN_IN_POOL_CLASSES,
  INHERITANCE,
  TRANSMITTABLE_CLASS,
  isFrozenInPool,
} from './inheritance.js';
export type { Inheritance } from './inheritance.js';
