import { AUDIT_LEVELS, FINDING_KINDS } from './AuditReport.js';

const site = {
  type: 'string',
  minLength: 1,
  pattern: ':\\d+:\\d+$',
  description: '`file:line:col`: the file relative to the report `root` (with `/`) when inside it, else absolute',
} as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;

/**
 * JSON Schema (draft 2020-12) of {@link AuditReport}, schema version 1: what every report this
 * package writes satisfies, and what docs/reference/report-schema.md describes. Consumers (the
 * `tlkit` CLI, log pipelines) can validate input with it. Unknown properties are rejected, so any
 * addition shows up as a schema change.
 */
export const REPORT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/tlkit/tlkit/blob/main/docs/reference/report-schema.md',
  title: '@tlkit/runtime-audit report, schema version 1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'createdAt', 'findings', 'stats'],
  properties: {
    schemaVersion: { const: 1 },
    createdAt: isoTime,
    root: { type: 'string', minLength: 1, description: 'the absolute directory that relative sites are relative to' },
    findings: { type: 'array', items: { $ref: '#/$defs/finding' } },
    stats: { $ref: '#/$defs/stats' },
  },
  $defs: {
    finding: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'message', 'thread', 'threads', 'valueType', 'threadLocalId', 'count', 'firstSeen', 'lastSeen'],
      // An unknown size says why; a reason or a lower bound goes with a size that is null or a number.
      if: { properties: { retainedBytes: { type: 'null' } }, required: ['retainedBytes'] },
      then: { required: ['retainedBytesUnknown'], properties: { retainedBytesUnknown: true, retainedBytesLowerBound: false } },
      else: { properties: { retainedBytesUnknown: false } },
      dependentRequired: { retainedBytesLowerBound: ['retainedBytes'] },
      properties: {
        kind: { enum: [...FINDING_KINDS] },
        id: { type: 'string', pattern: '^[0-9a-f]{16}$' },
        message: { type: 'string', minLength: 1 },
        thread: { type: 'string' },
        threads: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 8, uniqueItems: true },
        pool: { type: 'string' },
        valueType: { type: 'string', minLength: 1 },
        retainedBytes: { anyOf: [count, { type: 'null' }] },
        retainedBytesLowerBound: { const: true },
        retainedBytesUnknown: { type: 'string', minLength: 1 },
        totalRetainedBytes: count,
        threadLocalId: { type: 'integer', minimum: 1 },
        threadLocalSite: site,
        setSite: site,
        initial: { type: 'boolean' },
        taskId: { type: 'integer', minimum: 1 },
        taskKind: { enum: ['execute', 'submit'] },
        taskSite: site,
        staleForMs: count,
        access: { enum: ['get', 'set', 'remove'] },
        accessSite: site,
        count: { type: 'integer', minimum: 1 },
        firstSeen: isoTime,
        lastSeen: isoTime,
        records: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['op', 'at'],
            properties: { op: { enum: ['set', 'initial', 'remove'] }, site, at: isoTime },
          },
        },
      },
    },
    stats: {
      type: 'object',
      additionalProperties: false,
      required: [
        'level',
        'samplingInterval',
        'startedAt',
        'scanDurationMs',
        'gcForced',
        'liveThreads',
        'entries',
        'staleEntries',
        'staleRetainedBytes',
        'threadLocalsTracked',
        'tasksObserved',
        'leftBehind',
        'setAtShutdown',
        'terminatedThreadAccesses',
        'expungedEntries',
        'droppedFindings',
        'auditErrors',
      ],
      properties: {
        level: { enum: [...AUDIT_LEVELS] },
        samplingInterval: count,
        startedAt: isoTime,
        scanDurationMs: { type: 'number', minimum: 0 },
        gcForced: { type: 'boolean' },
        liveThreads: count,
        entries: count,
        staleEntries: count,
        staleRetainedBytes: count,
        threadLocalsTracked: count,
        tasksObserved: count,
        leftBehind: count,
        setAtShutdown: count,
        terminatedThreadAccesses: count,
        expungedEntries: count,
        droppedFindings: count,
        auditErrors: count,
      },
    },
  },
} as const;
