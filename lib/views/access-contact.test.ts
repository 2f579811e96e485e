import { describe, expect, it } from "vitest";
import { accessContact, DEFAULT_ACCESS_CONTACT } from "@/lib/views/access-contact";

describe("the access contact line", () => {
  it("says whom to ask by default, when VIGIL_ACCESS_CONTACT is unset or blank", () => {
    expect(accessContact({})).toBe(DEFAULT_ACCESS_CONTACT);
    expect(accessContact({ VIGIL_ACCESS_CONTACT: "  \n " })).toBe(DEFAULT_ACCESS_CONTACT);
    expect(DEFAULT_ACCESS_CONTACT).toMatch(/cluster administrator/);
  });

  it("shows the configured line on one line, bounded in length", () => {
    expect(accessContact({ VIGIL_ACCESS_CONTACT: "Ask #platform-access\n on chat" })).toBe(
      "Ask #platform-access on chat",
    );
    expect(accessContact({ VIGIL_ACCESS_CONTACT: "x".repeat(1000) })).toHaveLength(300);
  });
});
