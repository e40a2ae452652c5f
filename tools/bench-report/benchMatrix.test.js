// @ts-check
import { describe, expect, it } from 'vitest';
import { matrixPlan, PACKAGES, parseMatrixArgs } from './benchMatrix.js';

const here = { machineLine: '20', pinnedLines: ['22', '24', '26'] };

describe('parseMatrixArgs', () => {
  it('runs every package once on every line by default, then the report', () => {
    expect(parseMatrixArgs([], here)).toEqual({
      lines: ['20', '22', '24', '26'],
      packages: [...PACKAGES],
      quick: false,
      report: true,
      repeat: 1,
      reportArgs: [],
    });
  });

  it('keeps --lines, --packages, --quick and --no-report', () => {
    expect(parseMatrixArgs(['--lines', '22, 26', '--packages', 'core,cli', '--quick', '--no-report'], here)).toMatchObject({
      lines: ['22', '26'],
      packages: ['core', 'cli'],
      quick: true,
      report: false,
    });
  });

  it('reads --repeat as a positive integer', () => {
    expect(parseMatrixArgs(['--repeat', '3'], here).repeat).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'three', '']) expect(() => parseMatrixArgs([`--repeat=${bad}`], here)).toThrow(RangeError);
  });

  it('passes the selection options on to the report, and asks for every run a long --repeat made', () => {
    expect(parseMatrixArgs(['--repeat', '3'], here).reportArgs).toEqual([]);
    expect(parseMatrixArgs(['--repeat', '7'], here).reportArgs).toEqual(['--runs', '7']);
    expect(parseMatrixArgs(['--repeat', '7', '--runs', '3', '--window-hours', '6', '--since', '2026-11-29T14:00Z'], here).reportArgs).toEqual([
      '--runs',
      '3',
      '--window-hours',
      '6',
      '--since',
      '2026-11-29T14:00Z',
    ]);
  });

  it('refuses unknown packages, lines and options', () => {
    expect(() => parseMatrixArgs(['--packages', 'core,recognition'], here)).toThrow(/package: "recognition"/u);
    expect(() => parseMatrixArgs(['--lines', '21'], here)).toThrow(/line: "21"/u);
    expect(() => parseMatrixArgs(['--lines', ','], here)).toThrow(RangeError);
    expect(() => parseMatrixArgs(['--repeats', '3'], here)).toThrow(TypeError);
  });
});

describe('matrixPlan', () => {
  it('runs one package per line once without --repeat', () => {
    expect(matrixPlan({ lines: ['20', '22'], packages: ['core'], repeat: 1 })).toEqual([
      { repetition: 1, line: '20', name: 'core' },
      { repetition: 1, line: '22', name: 'core' },
    ]);
  });

  it('runs every line in each repetition, starting one line further on each time', () => {
    const plan = matrixPlan({ lines: ['20', '22', '24'], packages: ['core', 'cli'], repeat: 4 });
    expect(plan).toHaveLength(3 * 2 * 4);
    const order = (/** @type {number} */ repetition) =>
      plan.filter((step) => step.repetition === repetition && step.name === 'core').map((step) => step.line);
    expect(order(1)).toEqual(['20', '22', '24']);
    expect(order(2)).toEqual(['22', '24', '20']);
    expect(order(3)).toEqual(['24', '20', '22']);
    expect(order(4)).toEqual(['20', '22', '24']);
    // Within a line, the packages in the order given; repetitions never overlap.
    expect(plan.slice(0, 2)).toEqual([
      { repetition: 1, line: '20', name: 'core' },
      { repetition: 1, line: '20', name: 'cli' },
    ]);
    expect(plan.map((step) => step.repetition)).toEqual([...plan.map((step) => step.repetition)].sort((a, b) => a - b));
  });
});
