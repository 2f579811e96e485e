// Whom a viewer asks for the access they lack (VIGIL_ACCESS_CONTACT, docs/configuration.md): one line shown
// wherever a page says part of the cluster is not visible to them. Plain text; a page may link an address in it.

/** Said when VIGIL_ACCESS_CONTACT is unset: who usually grants read access, and what to ask for. */
export const DEFAULT_ACCESS_CONTACT =
  "To see more, ask your cluster administrator for read access (get, list) to what is missing.";

/** At most this many characters are shown: one line on a projector. */
const MAX = 300;

export function accessContact(env: Readonly<Record<string, string | undefined>>): string {
  const v = (env.VIGIL_ACCESS_CONTACT ?? "").replace(/\s+/g, " ").trim();
  return v.length === 0 ? DEFAULT_ACCESS_CONTACT : v.slice(0, MAX);
}
