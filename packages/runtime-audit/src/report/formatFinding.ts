import { formatBytes, formatDuration } from './formatBytes.js';

/** Where the staging guide lives; each finding links its section. */
export const DOCS_URL = 'https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md';

const ANCHORS: Readonly<Record<string, string>> = {
  'stale-entry': '#stale-entry',
  'left-behind': '#left-behind',
  'set-at-shutdown': '#set-at-shutdown',
  'terminated-thread-access': '#terminated-thread-access',
};

/**
 * What the `LEAK:` layout shows of a finding. A {@link Finding} is one; so is a finding read back
 * from a report file by `tlkit report`, which may lack fields (an older writer, a hand-made file)
 * and may carry a kind this version does not know: the layout leaves out what is absent.
 */
export interface LeakFinding {
  readonly kind: string;
  readonly message: string;
  readonly count: number;
  readonly valueType: string;
  readonly thread: string;
  readonly threads?: readonly string[] | undefined;
  readonly pool?: string | undefined;
  /** `null` when the value could not be sized (`retainedBytesUnknown` says why). */
  readonly retainedBytes?: number | null | undefined;
  /** `retainedBytes` is a lower bound: the size walk stopped early. */
  readonly retainedBytesLowerBound?: boolean | undefined;
  readonly retainedBytesUnknown?: string | undefined;
  readonly totalRetainedBytes?: number | undefined;
  readonly threadLocalId?: number | undefined;
  readonly threadLocalSite?: string | undefined;
  readonly setSite?: string | undefined;
  readonly initial?: boolean | undefined;
  readonly taskSite?: string | undefined;
  readonly taskKind?: string | undefined;
  readonly accessSite?: string | undefined;
  readonly staleForMs?: number | undefined;
  readonly firstSeen?: string | undefined;
  readonly lastSeen?: string | undefined;
  readonly records?: readonly { readonly op: string; readonly site?: string | undefined; readonly at: string }[] | undefined;
}

/** The audit settings a finding was recorded with: they decide which sites can be missing and why. */
export interface LeakContext {
  /** The audit level (`stats.level`). */
  readonly level: string;
  /** `stats.samplingInterval`: at `advanced`, known set sites are captured down to 1 in this many sets. */
  readonly samplingInterval: number;
}

/**
 * Renders one finding as the `LEAK:` block that runtime-audit's text reports and `tlkit report`
 * share: what was not done (the message, with the count when merged), where (the sites the level
 * recorded), the value and its size, the threads and times, how to get more detail for what the
 * level could not record, and the docs link.
 *
 * @param finding - the finding
 * @param context - the level and sampling interval of the audit that recorded it
 * @returns the block, ending with a newline
 */
export function formatFinding(finding: LeakFinding, context: LeakContext): string {
  const times = finding.count === 1 ? '' : ` (×${finding.count})`;
  const lines = [`LEAK: ${finding.kind}${times}: ${finding.message}`];
  const where: string[] = [];
  if (finding.threadLocalSite !== undefined) where.push(`ThreadLocal created at ${finding.threadLocalSite}`);
  if (finding.setSite !== undefined) where.push(`${finding.initial === true ? 'stored by get() at' : 'set at'} ${finding.setSite}`);
  if (finding.taskSite !== undefined) where.push(`task handed to ${finding.taskKind ?? 'submit'}() at ${finding.taskSite}`);
  if (finding.accessSite !== undefined && finding.accessSite !== finding.setSite) where.push(`accessed at ${finding.accessSite}`);
  for (const line of where) lines.push(`    ${line}`);
  const facts = [`value ${finding.valueType}`];
  if (finding.retainedBytes === null) facts.push(`size unknown (${finding.retainedBytesUnknown ?? 'not measurable'})`);
  else if (finding.retainedBytes !== undefined) facts.push(`${finding.retainedBytesLowerBound === true ? '≥' : '~'}${formatBytes(finding.retainedBytes)} each`);
  if (finding.totalRetainedBytes !== undefined && finding.count > 1) facts.push(`~${formatBytes(finding.totalRetainedBytes)} in all`);
  if (finding.staleForMs !== undefined) facts.push(`stale for ${formatDuration(finding.staleForMs)}`);
  if (finding.threadLocalId !== undefined) facts.push(`ThreadLocal #${finding.threadLocalId}`);
  lines.push(`    ${facts.join(', ')}`);
  const threads = finding.threads !== undefined && finding.threads.length > 1 ? `threads ${finding.threads.join(', ')}` : `thread ${finding.thread}`;
  const pool = finding.pool === undefined ? '' : ` (pool ${finding.pool})`;
  const seen = finding.firstSeen === undefined ? '' : `; first seen ${finding.firstSeen}, last seen ${finding.lastSeen ?? finding.firstSeen}`;
  lines.push(`    ${threads}${pool}${seen}`);
  for (const record of finding.records ?? []) lines.push(`    ${record.at} ${record.op}${record.site === undefined ? '' : ` at ${record.site}`}`);
  const hint = moreDetail(finding, context);
  if (hint !== undefined) lines.push(`    More detail: ${hint}`);
  lines.push(`    See ${DOCS_URL}${ANCHORS[finding.kind] ?? ''}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What would have recorded the sites this finding lacks, cheapest remedy first. Based on the level
 * and sampling the audit actually ran with, so a report made at `advanced` is never told to run at
 * `advanced`.
 */
function moreDetail(finding: LeakFinding, { level, samplingInterval }: LeakContext): string | undefined {
  if (level === 'simple') {
    return "no stack sites are recorded at level simple; raise it to advanced (TLKIT_AUDIT_LEVEL=advanced, or startAudit({ level: 'advanced' })) to see where the ThreadLocal was created and set.";
  }
  if (level === 'advanced' && (finding.kind === 'left-behind' || finding.kind === 'set-at-shutdown') && finding.setSite === undefined) {
    if (samplingInterval > 1) {
      return (
        `set sites are sampled at level advanced (known sites down to 1 in ${samplingInterval} sets; a repeated leak gets its site from a later occurrence); ` +
        "to capture every set, lower the sampling (TLKIT_AUDIT_SAMPLING=1, or startAudit({ samplingInterval: 1 })), which costs far less than level paranoid; paranoid also records the last accesses."
      );
    }
    // Every set is captured at 1: this value was stored before the audit started, or with no user frame on the stack.
    return 'no set of this value was captured (it was stored before the audit started, or from code with no user frame on the stack); start the audit earlier (NODE_OPTIONS="--import @tlkit/runtime-audit/register") to see every set.';
  }
  if (finding.threadLocalSite === undefined) {
    return 'the ThreadLocal was created before the audit started; start it earlier (NODE_OPTIONS="--import @tlkit/runtime-audit/register") to record its creation site.';
  }
  return undefined;
}
