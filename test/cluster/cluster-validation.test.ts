import { cidrsOverlap, defaultServiceCidr, parseIpv4Cidr } from '../../lib/cluster/cluster-validation';
import { SupportCalendar, SupportStatus, supportFindings } from '../../lib/cluster/support-calendar';

test('parseIpv4Cidr', () => {
  expect(parseIpv4Cidr('10.0.0.0/8')).toEqual([0x0a000000, 8]);
  expect(parseIpv4Cidr('255.255.255.255/32')).toEqual([0xffffffff, 32]);
  expect(parseIpv4Cidr('256.0.0.0/8')).toBeUndefined();
  expect(parseIpv4Cidr('10.0.0.0/33')).toBeUndefined();
  expect(parseIpv4Cidr('::/0')).toBeUndefined();
});

test('cidrsOverlap', () => {
  expect(cidrsOverlap('10.0.0.0/16', '10.0.128.0/17')).toBe(true);
  expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
  expect(cidrsOverlap('0.0.0.0/0', '192.168.1.0/24')).toBe(true);
});

test('defaultServiceCidr mirrors EKS', () => {
  expect(defaultServiceCidr('10.0.0.0/16')).toBe('172.20.0.0/16');
  expect(defaultServiceCidr('192.168.0.0/16')).toBe('10.100.0.0/16');
});

test('SupportCalendar.statusOn on the boundaries', () => {
  expect(SupportCalendar.statusOn('1.34', '2026-12-02')).toBe(SupportStatus.STANDARD);
  expect(SupportCalendar.statusOn('1.34', '2026-12-03')).toBe(SupportStatus.EXTENDED);
  expect(SupportCalendar.statusOn('1.31', '2026-11-26')).toBe(SupportStatus.EXTENDED);
  expect(SupportCalendar.statusOn('1.31', '2026-11-27')).toBe(SupportStatus.ENDED);
  expect(SupportCalendar.statusOn('1.99', '2026-11-27')).toBe(SupportStatus.UNKNOWN);
});

test('the calendar runs through 1.37 with consistent dates', () => {
  expect(SupportCalendar.versions()).toEqual(['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
  for (const v of SupportCalendar.versions()) {
    const d = SupportCalendar.datesOf(v)!;
    expect(d.released < d.endOfStandardSupport && d.endOfStandardSupport < d.endOfExtendedSupport).toBe(true);
    // 14 months of standard support, 12 of extended (EKS User Guide, Kubernetes versions).
    const months = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
    expect(months(d.released, d.endOfStandardSupport)).toBe(14);
    expect(months(d.endOfStandardSupport, d.endOfExtendedSupport)).toBe(12);
  }
  // 1.31's extended support ended 2026-11-26: of the versions EKS creates on 2026-12-01, 1.32 is the oldest.
  const live = SupportCalendar.versions().filter((v) => SupportCalendar.statusOn(v, SupportCalendar.CHECKED_ON) !== SupportStatus.ENDED);
  expect(live).toEqual(['1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
});

describe('supportFindings', () => {
  const ids = (f: ReturnType<typeof supportFindings>) => f.warnings.map((w) => w.id);

  test('errors depend on the pinned day or the calendar date, never the clock', () => {
    // 1.35 ends extended support 2028-03-27: a clock in 2029 only warns...
    const late = supportFindings('1.35', undefined, '2029-01-01', false, false);
    expect(late.error).toBeUndefined();
    expect(ids(late)).toEqual(['endOfSupport']);
    expect(late.warnings[0].message).toMatch(/left EKS extended support on 2028-03-27.*checked on 2026-12-01/);
    // ...while a pinned day past the end is an error, and so is a version that had ended by CHECKED_ON.
    expect(supportFindings('1.35', '2028-04-01', '2026-12-01', false, false).error).toMatch(/extended support ended on 2028-03-27/);
    expect(supportFindings('1.31', undefined, '2026-01-01', false, false).error).toMatch(/'version' is 1.31.*ended on 2026-11-26/);
    expect(supportFindings('1.31', undefined, '2026-01-01', true, false)).toEqual({ warnings: [expect.objectContaining({ id: 'endOfSupport' })] });
  });

  test('standard support ending within 90 days warns, with the days left', () => {
    const f = supportFindings('1.34', '2026-11-25', '2000-01-01', false, false);
    expect(ids(f)).toEqual(['standardSupportEnding']);
    expect(f.warnings[0].message).toMatch(/1.34 leaves EKS standard support on 2026-12-02 \(in 7 day\(s\)\); after that, extended support is billed/);
    expect(supportFindings('1.34', '2026-11-25', '2000-01-01', false, true).warnings[0].message).toMatch(/upgradePolicy STANDARD makes EKS auto-upgrade/);
    expect(ids(supportFindings('1.34', '2026-09-03', '2000-01-01', false, false))).toEqual(['standardSupportEnding']); // 90 days
    expect(ids(supportFindings('1.34', '2026-09-02', '2000-01-01', false, false))).toEqual([]); // 91 days
    expect(ids(supportFindings('1.37', '2026-12-01', '2000-01-01', false, false))).toEqual([]);
  });

  test('extended support and unknown versions warn', () => {
    expect(ids(supportFindings('1.33', '2026-12-01', '2000-01-01', false, false))).toEqual(['extendedSupport']);
    const dayZero = supportFindings('1.38', undefined, '2026-12-01', false, false);
    expect(ids(dayZero)).toEqual(['versionNotInCalendar']);
    expect(dayZero.warnings[0].message).toMatch(/day-0 version needs its own kubectl layer/);
  });
});
