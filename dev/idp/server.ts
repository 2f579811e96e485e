import { DEV_STATE_DIR } from "@/dev/pki";
import { idpOptionsFromEnv, startIdp } from "@/dev/idp/create-idp";
import { DEMO_USERS } from "@/dev/idp/users";

// `npx tsx dev/idp/server.ts`: the embedded demo IdP, until Ctrl-C. Refuses NODE_ENV=production.

try {
  const idp = await startIdp(idpOptionsFromEnv(process.env, DEV_STATE_DIR));
  console.log(`Vigil demo IdP: issuer ${idp.issuer}`);
  console.log(`  CA certificate: ${idp.caCertPath} (give it to the app as NODE_EXTRA_CA_CERTS)`);
  console.log(`  users: ${DEMO_USERS.map((u) => u.username).join(", ")} (password: demo)`);
  const stop = () => {
    idp.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
    // Keep-alive connections from the app would hold close() open: do not wait for them forever.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (err) {
  console.error(`vigil idp: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
