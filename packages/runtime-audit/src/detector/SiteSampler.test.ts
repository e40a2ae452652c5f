import { describe, expect, it } from 'vitest';
import { HUNT_CAPTURES, MAX_HUNTS, MAX_KNOWN_SITES, SiteSampler } from './SiteSampler.js';

/** Runs `operations` operations through `sampler` as the detector does; returns the captured indexes. */
function drive(sampler: SiteSampler, operations: number, siteOf: (i: number) => string = () => 'a.ts:1:1'): number[] {
  const captured: number[] = [];
  for (let i = 0; i < operations; i++) {
    if (--sampler.countdown > 0) continue;
    captured.push(i);
    sampler.captured(siteOf(i));
  }
  return captured;
}

describe('SiteSampler', () => {
  it('captures the first operation, and the next one after a site not seen before', () => {
    const sampler = new SiteSampler(4096);
    expect(sampler.countdown).toBe(1);
    expect(drive(sampler, 2, (i) => `site-${i}.ts:1:1`)).toEqual([0, 1]);
    expect(sampler.interval).toBe(1);
  });

  it('backs off at a known site: the interval doubles up to the cap, and never goes past it', () => {
    const sampler = new SiteSampler(4096);
    const captured = drive(sampler, 100_000);
    expect(captured.slice(0, 4)).toEqual([0, 1, 3, 7]); // 1 (new site), then 2, 4, then 8 drawn from 5–8
    expect(captured[4]).toBeGreaterThanOrEqual(12);
    expect(captured[4]).toBeLessThanOrEqual(15);
    expect(sampler.interval).toBe(4096);
    const gaps = captured.slice(1).map((at, i) => at - (captured[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4096);
    // Past the doublings, between half the cap and the cap: 25 to 50 captures in 100,000 sets, not 782 at 1/128.
    expect(captured.length).toBeGreaterThan(25);
    expect(captured.length).toBeLessThan(60);
  });

  it('starts over at a new site, after backing off at a known one', () => {
    const sampler = new SiteSampler(4096);
    drive(sampler, 50_000);
    expect(sampler.interval).toBe(4096);
    // The next capture lands on the new site: the one after it is captured too.
    const captured = drive(sampler, 5000, () => 'b.ts:2:2');
    expect(sampler.interval).toBeLessThanOrEqual(4096);
    expect(captured[1]).toBe((captured[0] as number) + 1);
  });

  it('remembers at most MAX_KNOWN_SITES sites: more are treated as known (bounded memory)', () => {
    const sampler = new SiteSampler(4096);
    const captured = drive(sampler, 10_000, (i) => `site-${i}.ts:1:1`);
    // The first MAX_KNOWN_SITES captures each find a new site and reset the interval to 1; then it doubles.
    expect(captured.slice(0, MAX_KNOWN_SITES + 1)).toEqual(Array.from({ length: MAX_KNOWN_SITES + 1 }, (_, i) => i));
    expect(captured.length).toBeLessThan(MAX_KNOWN_SITES + 30);
  });

  it('captures every operation with a cap of 1 (paranoid, samplingInterval 1), and never hunts', () => {
    const sampler = new SiteSampler(1);
    expect(drive(sampler, 1000)).toHaveLength(1000);
    sampler.hunt();
    expect(sampler.hunting).toBe(false);
  });

  it('hunts: captures the next HUNT_CAPTURES operations in a row, until the hunt ends', () => {
    const sampler = new SiteSampler(4096);
    drive(sampler, 50_000);
    sampler.hunt();
    expect(sampler.hunting).toBe(true);
    expect(drive(sampler, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    sampler.endHunt();
    expect(sampler.hunting).toBe(false);
    expect(drive(sampler, 10)).toEqual([]); // back to the backed-off interval
    const exhausted = new SiteSampler(4096);
    exhausted.hunt();
    const afterHunt = drive(exhausted, HUNT_CAPTURES + 100);
    expect(afterHunt.slice(0, HUNT_CAPTURES)).toEqual(Array.from({ length: HUNT_CAPTURES }, (_, i) => i));
    expect(afterHunt.length).toBeLessThan(HUNT_CAPTURES + 12); // then backing off again
    expect(exhausted.hunting).toBe(false);
  });

  it('hunts at most MAX_HUNTS times over its life, so rare leaks cannot keep every set captured', () => {
    const sampler = new SiteSampler(4096);
    drive(sampler, 50_000);
    for (let i = 0; i < MAX_HUNTS; i++) {
      sampler.hunt();
      expect(sampler.hunting).toBe(true);
      drive(sampler, HUNT_CAPTURES + 1); // each hunt runs out without finding what it was after
      expect(sampler.hunting).toBe(false);
    }
    sampler.hunt();
    expect(sampler.hunting).toBe(false);
    expect(drive(sampler, 1000).length).toBeLessThanOrEqual(1);
  });
});
