export { startAudit } from './startAudit.js';
export type { Audit, AuditOptions, ScanOptions } from './startAudit.js';
export { TlkitAuditError, AuditStoppedError } from './errors.js';
export { REPORT_SCHEMA_VERSION, AUDIT_LEVELS, FINDING_KINDS } from './report/AuditReport.js';
export type { AuditLevel, AuditReport, AuditStats, Finding, FindingKind, AccessRecord } from './report/AuditReport.js';
export { estimateSize, DEFAULT_SIZE_BUDGET } from './detector/estimateSize.js';
export type { SizeBudget, SizeEstimate } from './detector/estimateSize.js';
export type { MeterProviderLike } from './otel/attachMetrics.js';
export { METER_NAME, METRIC_NAMES } from './otel/attachMetrics.js';
