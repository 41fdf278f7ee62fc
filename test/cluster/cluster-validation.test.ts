import { cidrsOverlap, defaultServiceCidr, parseIpv4Cidr } from '../../lib/cluster/cluster-validation';
import { SupportStatus, supportStatus } from '../../lib/cluster/support-calendar';

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

test('supportStatus on the boundaries', () => {
  expect(supportStatus('1.34', '2026-12-02')).toBe(SupportStatus.STANDARD);
  expect(supportStatus('1.34', '2026-12-03')).toBe(SupportStatus.EXTENDED);
  expect(supportStatus('1.31', '2026-11-26')).toBe(SupportStatus.EXTENDED);
  expect(supportStatus('1.31', '2026-11-27')).toBe(SupportStatus.ENDED);
  expect(supportStatus('1.99', '2026-11-27')).toBe(SupportStatus.UNKNOWN);
});
