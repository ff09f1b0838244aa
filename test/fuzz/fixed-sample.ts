import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** `count` values of `arb` drawn from a generator started at `start`: the same start, the same values. */
export function* fixedSample<T>(arb: fc.Arbitrary<T>, start: number, count: number): Generator<T> {
  const random = new fc.Random(xoroshiro128plus(start));
  for (let i = 0; i < count; i++) yield arb.generate(random, undefined).value;
}
