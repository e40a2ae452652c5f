// Type-only uses of every published package: with `skipLibCheck: false`, tsc checks each
// package's declarations as a consumer compiles them (no OpenTelemetry installed).
import type { ThreadLocal } from '@tlkit/core';
import type tlkit from '@tlkit/eslint-plugin';
import type { AuditReport, Finding, MeterProviderLike } from '@tlkit/runtime-audit';
import type * as cli from '@tlkit/cli';
import type * as recognition from '@tlkit/recognition';

export type Everything = [
  ThreadLocal<string>,
  typeof tlkit,
  AuditReport,
  Finding,
  MeterProviderLike,
  typeof cli,
  typeof recognition,
];
