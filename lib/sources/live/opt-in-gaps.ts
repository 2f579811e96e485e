import type { AccessGap } from "@/lib/model/types";

/**
 * What a live read leaves out by the operator's choice rather than the viewer's access: without
 * `includeTlsSecrets` (VIGIL_READ_TLS_SECRETS), the TLS Secrets, whose certificates the pages then lack. Said as
 * a gap, so that certificate figures read unknown instead of counting none (docs/certificates.md).
 */
export function optInGaps(options: { includeTlsSecrets?: boolean }): AccessGap[] {
  if (options.includeTlsSecrets) return [];
  return [
    {
      resource: "secrets",
      status: "not-read",
      message:
        "TLS Secrets were not read: Vigil reads Secrets of type kubernetes.io/tls only with VIGIL_READ_TLS_SECRETS=true, so the certificates they hold are not shown",
    },
  ];
}
