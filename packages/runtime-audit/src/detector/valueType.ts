import { ABSENT, getPrototypeOf, isModuleNamespaceObject, isProxy, ownDataValue } from './intrinsics.js';

/** Prototypes followed at most, looking for a named constructor. */
const MAX_PROTOTYPES = 32;

/**
 * Names a value's type for a report without running user code: no getters, no `toString`, no
 * `Symbol.toStringTag`, no proxy traps (a proxy, or an object whose prototype chain reaches one, is
 * reported as `Proxy`), no module-namespace bindings (`Module`). Uses the built-ins captured in
 * {@link ./intrinsics.ts}.
 *
 * @param value - any value
 * @returns the constructor name of an object (`Object` for a null prototype), or the `typeof`
 */
export function valueType(value: unknown): string {
  if (value === null) return 'null';
  const type = typeof value;
  if (type !== 'object' && type !== 'function') return type;
  if (isProxy(value)) return 'Proxy';
  if (type === 'function') return 'Function';
  if (isModuleNamespaceObject(value)) return 'Module';
  let proto = getPrototypeOf(value as object);
  // Walk to the first prototype whose `constructor` is a plain data property naming a function.
  for (let depth = 0; proto !== null && depth < MAX_PROTOTYPES; depth++) {
    if (isProxy(proto)) return 'Proxy';
    // `Object.create(namespace)`: its bindings may be in their TDZ, where reading one throws.
    if (isModuleNamespaceObject(proto)) return 'Object';
    const ctor = ownDataValue(proto, 'constructor');
    if (ctor !== ABSENT && typeof ctor === 'function' && !isProxy(ctor)) {
      const name = ownDataValue(ctor, 'name');
      if (typeof name === 'string' && name !== '') return name;
    }
    proto = getPrototypeOf(proto);
  }
  return 'Object';
}
