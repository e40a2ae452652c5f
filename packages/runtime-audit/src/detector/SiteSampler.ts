/** The default longest interval between two site captures at `advanced` (`samplingInterval`). */
export const DEFAULT_SAMPLING_INTERVAL = 4096;

/** Distinct sites remembered per sampler; past this a capture is treated as of a known site. */
export const MAX_KNOWN_SITES = 8;

/**
 * Captures in a row while hunting for the site of a left-behind value that arrived without one:
 * about 5 ms of stack captures at most (~5 µs each), after which the sampler backs off again.
 */
export const HUNT_CAPTURES = 1024;

/**
 * Hunts per sampler over its life: with leaks rarer than one per {@link HUNT_CAPTURES} sets, every
 * hunt could end empty-handed, and unbounded hunting would cost a capture on most sets. So a
 * ThreadLocal pays at most this many hunts, about 40 ms of stack captures in all.
 */
export const MAX_HUNTS = 8;

/**
 * The adaptive sampling of one stream of operations (the sets of one ThreadLocal, or all submits):
 * which of them get their stack site captured, the only costly part of `advanced`.
 *
 * - The first operation is captured, and so is the next one after a capture that found a site not
 *   seen before: a new ThreadLocal, or a new place that sets it, is described at once.
 * - After a capture of an already-known site, the interval doubles, up to `cap`
 *   (`samplingInterval`): a site that is known needs no new stack, so a hot loop at one site ends
 *   up paying one capture per `cap / 2` to `cap` operations; and never fewer than one per `cap`,
 *   so a site that appears late is still found, within about `cap` of its operations.
 * - Past the first doublings the countdown is drawn between half the interval and the interval
 *   (a fixed-seed generator: runs are reproducible), so that sets alternating between sites in a
 *   regular pattern do not always land the capture on the same one.
 * - {@link SiteSampler.hunt} makes the next {@link HUNT_CAPTURES} operations captured, one by one:
 *   the detector calls it when a pool task left a value behind whose set was not captured, so the
 *   next such leak gets its site. At most {@link MAX_HUNTS} hunts per sampler.
 *
 * The per-operation cost is the caller's `--countdown`; {@link SiteSampler.captured} runs only
 * for a captured operation. Memory: two numbers, two hunt counters and at most
 * {@link MAX_KNOWN_SITES} site strings per sampler.
 */
export class SiteSampler {
  /** Operations left until the next captured one; the caller decrements it, 1 = capture the next. */
  countdown = 1;
  /** Current interval between captures, from 1 up to `cap`. */
  #interval = 1;
  /** Captures in a row still owed to a hunt. */
  #hunt = 0;
  /** Hunts this sampler may still start. */
  #huntsLeft = MAX_HUNTS;
  readonly #sites: string[] = [];
  readonly #cap: number;

  /** @param cap - the longest interval (`samplingInterval`); 1 captures every operation */
  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Whether a hunt is on (tests, and the detector, to end it once it has found the site). */
  get hunting(): boolean {
    return this.#hunt > 0;
  }

  /** The interval the sampler is at now (tests). */
  get interval(): number {
    return this.#interval;
  }

  /**
   * Called after each captured operation: sets the countdown to the next capture.
   *
   * @param site - the site captured, or `undefined` when no user frame was found
   */
  captured(site: string | undefined): void {
    if (this.#hunt > 0) {
      this.#hunt--;
      this.countdown = 1;
      return;
    }
    if (site !== undefined && !this.#sites.includes(site) && this.#sites.length < MAX_KNOWN_SITES) {
      this.#sites.push(site);
      this.#interval = 1;
    } else {
      this.#interval = Math.min(this.#interval * 2, this.#cap);
    }
    this.countdown = this.#draw();
  }

  /** The next countdown: the interval, drawn from its upper half once past the first doublings. */
  #draw(): number {
    const interval = this.#interval;
    return interval <= 4 ? interval : interval - (nextRandom() % (interval >>> 1));
  }

  /**
   * Captures the next {@link HUNT_CAPTURES} operations (when the cap allows any backing off at all,
   * no hunt is on, and this sampler has hunted fewer than {@link MAX_HUNTS} times).
   */
  hunt(): void {
    if (this.#cap <= 1 || this.#hunt > 0 || this.#huntsLeft === 0) return;
    this.#huntsLeft--;
    this.#hunt = HUNT_CAPTURES;
    this.countdown = 1;
  }

  /** Ends a hunt: the site it was after has been found. */
  endHunt(): void {
    if (this.#hunt === 0) return;
    this.#hunt = 0;
    this.countdown = this.#draw();
  }
}

/** xorshift32 with a fixed seed: jitter for the countdowns, the same in every run. */
let seed = 0x2545f491;

function nextRandom(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
