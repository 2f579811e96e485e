import { VigilError } from "@/lib/errors";
import type { CertStatus, Thresholds } from "@/lib/certs/types";

// docs/semantics.md §3: CERT-001 expired, CERT-002 within `criticalDays`, CERT-003 within `warningDays`,
// CERT-004 not yet valid. RFC 5280 4.1.2.5: a certificate is valid from notBefore THROUGH notAfter, both
// inclusive. `now` is always a parameter: the engine never reads the clock.

export const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_THRESHOLDS: Thresholds = { criticalDays: 14, warningDays: 28 };

export function checkThresholds(t: Thresholds): Thresholds {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new VigilError("bad-input", `${name} must be a number of days >= 0, not ${String(value)}`);
    }
  }
  if (t.criticalDays > t.warningDays) {
    throw new VigilError(
      "bad-input",
      `criticalDays (${t.criticalDays}) must not exceed warningDays (${t.warningDays})`,
    );
  }
  return t;
}

export interface Validity {
  status: CertStatus;
  /** Whole days until notAfter, rounded toward zero: 3 days and 5 hours left is 3; expired 2.5 days ago is -2. */
  daysLeft: number;
}

/** Status from the validity window; for a valid certificate `daysLeft < n` is "expires within n days". */
export function classifyValidity(notBefore: Date, notAfter: Date, now: Date, t: Thresholds): Validity {
  const msLeft = notAfter.getTime() - now.getTime();
  const daysLeft = Math.trunc(msLeft / DAY_MS) || 0; // `|| 0`: no -0 in JSON or on a page
  let status: CertStatus;
  if (now.getTime() < notBefore.getTime()) status = "not-yet-valid";
  else if (msLeft < 0) status = "expired";
  else if (msLeft < t.criticalDays * DAY_MS) status = "critical";
  else if (msLeft < t.warningDays * DAY_MS) status = "warning";
  else status = "ok";
  return { status, daysLeft };
}
