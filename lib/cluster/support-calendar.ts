/**
 * The Amazon EKS Kubernetes version calendar, as data.
 *
 * Source: "Understand the Kubernetes version lifecycle on EKS" (EKS User Guide, Kubernetes
 * versions, release calendar), checked 2026-11-25. Standard support lasts 14 months from the
 * EKS release, extended support 12 more months at an extra cost per cluster hour; EKS does
 * not create clusters on a version past the end of extended support.
 */
export interface KubernetesSupportDates {
  /** Date EKS released the version (YYYY-MM-DD). */
  readonly released: string;
  /** Last day of standard support (YYYY-MM-DD). */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (YYYY-MM-DD). */
  readonly endOfExtendedSupport: string;
}

/**
 * Release calendar keyed by minor version ('1.31').
 * @internal
 */
export const EKS_SUPPORT_CALENDAR: Readonly<Record<string, KubernetesSupportDates>> = {
  '1.28': { released: '2023-09-26', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  '1.29': { released: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  '1.30': { released: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  '1.31': { released: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { released: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { released: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { released: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { released: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
};

/** Where a version stands on a given day. */
export enum SupportStatus {
  /** In standard support. */
  STANDARD = 'STANDARD',
  /** Past standard support, in extended support (extra cost per cluster hour). */
  EXTENDED = 'EXTENDED',
  /** Past extended support: EKS no longer creates clusters on it. */
  ENDED = 'ENDED',
  /** Not in the calendar (newer than this release of the library, or unknown). */
  UNKNOWN = 'UNKNOWN',
}

/**
 * Classifies a minor version on a day given as `YYYY-MM-DD`. Pure, so tests can pin the date.
 * @internal
 */
export function supportStatus(minorVersion: string, isoDay: string): SupportStatus {
  const dates = EKS_SUPPORT_CALENDAR[minorVersion];
  if (!dates) return SupportStatus.UNKNOWN;
  if (isoDay <= dates.endOfStandardSupport) return SupportStatus.STANDARD;
  if (isoDay <= dates.endOfExtendedSupport) return SupportStatus.EXTENDED;
  return SupportStatus.ENDED;
}
