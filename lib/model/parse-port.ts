import { VigilError } from "@/lib/errors";
import type { Protocol } from "@/lib/model/types";

// "TCP/80" as people write a port on the command line and in the Network page's filters: the protocol in
// any case, one port number. One parser for both, so they accept and refuse the same texts.

export interface ProtocolPort {
  protocol: Protocol;
  port: number;
}

/**
 * "udp/53" -> { protocol: "UDP", port: 53 }. Throws a VigilError "bad-input" naming `what` (the flag or
 * field) when the text is not PROTOCOL/PORT with TCP, UDP or SCTP and a port from 1 to 65535.
 */
export function parsePort(text: string, what = "port"): ProtocolPort {
  const m = /^([A-Za-z]+)\/([0-9]+)$/.exec(text);
  if (!m) throw new VigilError("bad-input", `${what} must look like TCP/80, not "${text}"`);
  const protocol = (m[1] ?? "").toUpperCase();
  if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
    throw new VigilError("bad-input", `${what} protocol must be TCP, UDP or SCTP, not "${m[1]}"`);
  }
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new VigilError("bad-input", `${what} number must be from 1 to 65535, not ${m[2]}`);
  }
  return { protocol, port };
}
