import { VigilError } from "@/lib/errors";
import type { AccessRequest } from "@/lib/rbac/types";

// A resource request typed by a person (the who-can box, the check form, the confirm route): each field one token,
// the resource plain (its subresource apart), so a typo is a clear message instead of a silent "nobody".

/** A request as a form writes it: every field optional text. */
export interface AccessRequestInput {
  verb?: string | undefined;
  resource?: string | undefined;
  subresource?: string | undefined;
  apiGroup?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

const TOKEN = /^[A-Za-z0-9*._:-]+$/;

function field(label: string, value: string | undefined, required: boolean): string | undefined {
  const v = value?.trim() ?? "";
  if (v === "") {
    if (required) throw new VigilError("bad-input", `${label} is required`);
    return undefined;
  }
  if (!TOKEN.test(v)) throw new VigilError("bad-input", `${label} "${v}" is not a valid name`);
  return v;
}

export function parseAccessRequest(input: AccessRequestInput): AccessRequest {
  const verb = field("verb", input.verb, true) ?? "";
  let resource = input.resource?.trim() ?? "";
  let subresource = input.subresource?.trim() ?? "";
  // "pods/exec" typed in the resource box means resource pods, subresource exec.
  if (resource.includes("/") && subresource === "") {
    const [res, ...rest] = resource.split("/");
    resource = res ?? "";
    subresource = rest.join("/");
  }
  const res = field("resource", resource, true) ?? "";
  const sub = field("subresource", subresource, false);
  const apiGroup = input.apiGroup?.trim() ?? "";
  if (apiGroup !== "" && apiGroup !== "core" && !TOKEN.test(apiGroup)) {
    throw new VigilError("bad-input", `API group "${apiGroup}" is not a valid name`);
  }
  const namespace = field("namespace", input.namespace, false);
  const name = field("name", input.name, false);
  return {
    verb,
    apiGroup: apiGroup === "core" ? "" : apiGroup,
    resource: res,
    ...(sub !== undefined ? { subresource: sub } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}
