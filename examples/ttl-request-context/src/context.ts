import { InheritableThreadLocal, TransmittableThreadLocal } from '@tlkit/core';

/**
 * The request context, twice: once as Java code written before TTL would hold it (inheritable), once
 * transmittable. Both are created once, at module level, as every thread-local should be.
 */
export const inherited = {
  requestId: new InheritableThreadLocal<string>(),
  tenant: new InheritableThreadLocal<string>(),
};

export const transmitted = {
  requestId: new TransmittableThreadLocal<string>(),
  tenant: new TransmittableThreadLocal<string>(),
};
