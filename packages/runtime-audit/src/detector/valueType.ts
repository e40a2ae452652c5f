import { types } from 'node:util';

/**
 * Names a value's type for a report without running user code: no getters, no `toString`, no
 * proxy traps (a proxy is reported as `Proxy`).
 *
 * @param value - any value
 * @returns the constructor name of an object (`Object` for a null prototype), or the `typeof`
 */
export function valueType(value: unknown): string {
  if (value === null) return 'null';
  const type = typeof value;
  if (type !== 'object' && type !== 'function') return type;
  if (types.isProxy(value)) return 'Proxy';
  if (type === 'function') return 'Function';
  let proto: unknown = Object.getPrototypeOf(value);
  // Walk to the first prototype whose `constructor` is a plain data property naming a function.
  for (let depth = 0; proto !== null && depth < 32; depth++) {
    if (types.isProxy(proto)) return 'Proxy';
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor: unknown = descriptor?.value;
    if (typeof ctor === 'function') {
      const name = Object.getOwnPropertyDescriptor(ctor, 'name')?.value as unknown;
      if (typeof name === 'string' && name !== '') return name;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return 'Object';
}
