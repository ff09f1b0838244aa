import { describe, expect, it } from 'vitest';
import { amountSchema } from '../../domain/amount-schema';
import { decimalStringToCents, formatCents, formatMicroUsd } from '../../domain/money';

describe("amounts (the original EchoPilot runbook' safe_price) and money formatting", () => {
  const amount = amountSchema(10_000_00);
  it('turns decimal amounts into exact integer cents', () => {
    expect(amount.parse(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(amount.parse(19.99)).toBe(1999);
    expect(amount.parse('12.3')).toBe(1230);
    expect(amount.parse(' 7 ')).toBe(700);
    expect(amount.parse(0.01)).toBe(1);
    expect(amount.parse(10_000)).toBe(10_000_00);
  });
  it.each([0, -1, -0.01, Infinity, -Infinity, NaN, 1.005, 1e-7, '1.234', '', 'abc', '1e3', 10_000.01, null, {}, [1]])(
    'refuses %s',
    (v) => {
      expect(amount.safeParse(v).success).toBe(false);
    },
  );
  it('formats cents and micro-USD', () => {
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-250)).toBe('-2.50');
    expect(formatMicroUsd(1_234)).toBe('0.001234');
    expect(formatMicroUsd(-2_500_000)).toBe('-2.500000');
    expect(decimalStringToCents('12.50')).toBe(1250);
    expect(decimalStringToCents('12.505')).toBeUndefined();
  });
});
