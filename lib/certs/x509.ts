// The one entry point to @peculiar/x509. Its dependency tsyringe needs a Reflect metadata polyfill loaded
// BEFORE the library itself, and the library needs a WebCrypto provider: importing x509 from here (never the
// package directly) guarantees both, whatever module loads first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
