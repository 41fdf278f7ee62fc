/**
 * The Amazon EKS Kubernetes version calendar, as data.
 *
 * Source: "Understand the Kubernetes version lifecycle on EKS" (EKS User Guide, Kubernetes
 * versions, release calendar: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)
 * and EKS What's New for 1.36 (2026-06-02) and 1.37 (2026-10-02); checked on
 * {@link SupportCalendar.CHECKED_ON}. Standard support lasts 14 months from the EKS release,
 * extended support 12 more months at an extra cost per cluster hour; EKS does not create
 * clusters on a version past the end of extended support and auto-upgrades those that remain.
 * Dates marked `estimated` are derived from those two rules because the calendar did not
 * list them yet.
 */
export interface KubernetesSupportDates {
  /** Date EKS released the version (YYYY-MM-DD). */
  readonly released: string;
  /** Last day of standard support (YYYY-MM-DD). */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (YYYY-MM-DD). */
  readonly endOfExtendedSupport: string;
  /**
   * Whether the end-of-extended-support date is derived (14 + 12 months) rather than
   * published by EKS.
   * @default false
   */
  readonly estimated?: boolean;
}

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

const CALENDAR: Readonly<Record<string, KubernetesSupportDates>> = {
  '1.28': { released: '2023-09-26', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  '1.29': { released: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  '1.30': { released: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  '1.31': { released: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { released: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { released: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { released: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { released: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  '1.36': { released: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02', estimated: true },
  '1.37': { released: '2026-10-02', endOfStandardSupport: '2027-12-01', endOfExtendedSupport: '2028-12-01', estimated: true },
};

/** How many days before the end of standard support the library starts warning. */
const STANDARD_SUPPORT_WARNING_DAYS = 90;

/** What the calendar says about a cluster's version: at most one error, and warnings. */
export interface SupportFindings {
  /** Why synth must fail, if it must. */
  readonly error?: string;
  /** Warnings, each with its stable id. */
  readonly warnings: { readonly id: string; readonly message: string }[];
}

/**
 * The EKS Kubernetes version calendar of this release of the library, and the rules built
 * on it.
 *
 * Whether a version is refused depends only on the library release and the inputs, never on
 * the clock: a version is an error only if its extended support had ended by
 * {@link SupportCalendar.CHECKED_ON} (or by the day pinned with the context key
 * {@link SupportCalendar.CONTEXT_KEY}). The wall clock only adds warnings (extended support,
 * standard support ending within 90 days, extended support over since the library's release).
 */
export class SupportCalendar {
  /** The day this calendar was last checked against the EKS version calendar (YYYY-MM-DD). */
  public static readonly CHECKED_ON = '2026-12-01';

  /**
   * Context key that fixes "today" (YYYY-MM-DD) for the calendar checks, so that tests and
   * reproducible builds do not depend on the clock.
   */
  public static readonly CONTEXT_KEY = 'cdk-eks-kit:supportCalendarDate';

  /** The minor versions in the calendar, oldest first ('1.28', …). */
  public static versions(): string[] {
    return Object.keys(CALENDAR);
  }

  /** The support dates of a minor version ('1.35'), or undefined when it is not in the calendar. */
  public static datesOf(minorVersion: string): KubernetesSupportDates | undefined {
    return CALENDAR[minorVersion];
  }

  /** Classifies a minor version on a day given as `YYYY-MM-DD`. Pure, so tests can pin the date. */
  public static statusOn(minorVersion: string, isoDay: string): SupportStatus {
    const dates = CALENDAR[minorVersion];
    if (!dates) return SupportStatus.UNKNOWN;
    if (isoDay <= dates.endOfStandardSupport) return SupportStatus.STANDARD;
    if (isoDay <= dates.endOfExtendedSupport) return SupportStatus.EXTENDED;
    return SupportStatus.ENDED;
  }

  private constructor() {}
}

/**
 * The calendar's findings for a cluster on `minorVersion`.
 *
 * @param minorVersion e.g. '1.35'
 * @param pinnedDay the day from the context key, if set
 * @param clockDay today by the wall clock (YYYY-MM-DD)
 * @param allowEnded the user acknowledged a version past extended support
 * @param autoUpgrades whether the upgrade policy is STANDARD (EKS upgrades at the end of standard support)
 */
export function supportFindings(minorVersion: string, pinnedDay: string | undefined, clockDay: string,
  allowEnded: boolean, autoUpgrades: boolean): SupportFindings {
  const warnings: { id: string; message: string }[] = [];
  const dates = CALENDAR[minorVersion];
  if (!dates) {
    warnings.push({
      id: 'versionNotInCalendar',
      message: `Kubernetes ${minorVersion} is not in this library's EKS support calendar (checked on ${SupportCalendar.CHECKED_ON}); `
        + 'check that EKS offers it and when its support ends. A day-0 version needs its own kubectl layer for manifests and charts '
        + "('kubectlLayer' with 'kubectlVersion').",
    });
    return { warnings };
  }
  // Errors: reproducible, judged on the pinned day or the calendar's own date.
  const errorDay = pinnedDay ?? SupportCalendar.CHECKED_ON;
  if (SupportCalendar.statusOn(minorVersion, errorDay) === SupportStatus.ENDED) {
    if (!allowEnded) {
      return {
        warnings,
        error: `'version' is ${minorVersion}, whose EKS extended support ended on ${dates.endOfExtendedSupport}; EKS no longer creates clusters on it. `
          + "Use a supported version (e.g. KubernetesVersion.V1_35), or set 'allowEndOfSupportVersion: true' for an existing cluster.",
      };
    }
    warnings.push({
      id: 'endOfSupport',
      message: `Kubernetes ${minorVersion} is past the end of EKS extended support (${dates.endOfExtendedSupport}); EKS will auto-upgrade this cluster.`,
    });
    return { warnings };
  }
  // Warnings: today, by the pinned day or the clock.
  const today = pinnedDay ?? clockDay;
  switch (SupportCalendar.statusOn(minorVersion, today)) {
    case SupportStatus.ENDED:
      warnings.push({
        id: 'endOfSupport',
        message: `Kubernetes ${minorVersion} left EKS extended support on ${dates.endOfExtendedSupport}: EKS creates no new clusters on it and `
          + 'auto-upgrades existing ones. Upgrade the cluster (this release of the library, whose calendar was checked on '
          + `${SupportCalendar.CHECKED_ON}, still synthesizes it).`,
      });
      break;
    case SupportStatus.EXTENDED:
      warnings.push({
        id: 'extendedSupport',
        message: `Kubernetes ${minorVersion} left EKS standard support on ${dates.endOfStandardSupport}; extended support (until ${dates.endOfExtendedSupport}) is billed per cluster hour`
          + (autoUpgrades ? ' and upgradePolicy STANDARD makes EKS auto-upgrade the cluster.' : '. Upgrade the cluster.'),
      });
      break;
    case SupportStatus.STANDARD: {
      const daysLeft = daysBetween(today, dates.endOfStandardSupport);
      if (daysLeft <= STANDARD_SUPPORT_WARNING_DAYS) {
        warnings.push({
          id: 'standardSupportEnding',
          message: `Kubernetes ${minorVersion} leaves EKS standard support on ${dates.endOfStandardSupport} (in ${daysLeft} day(s)); `
            + (autoUpgrades ? 'upgradePolicy STANDARD makes EKS auto-upgrade the cluster then.' : 'after that, extended support is billed per cluster hour.')
            + ' Plan the upgrade.',
        });
      }
      break;
    }
    default:
      break;
  }
  return { warnings };
}

/** Whole days from `from` to `to` (both YYYY-MM-DD, UTC). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
