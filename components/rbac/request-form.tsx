import type { ReactNode } from "react";
import { KNOWN_SUGGESTIONS, type RequestSuggestions } from "@/lib/rbac/request-suggestions";

// A GET form for one access request (verb, resource, ...): the answer is a page of its own URL, so it deep-links
// and needs no script. `keep` carries the page's other state (namespace picker, meeting mode, filters). Verb and
// resource suggest what the cluster serves (`suggestions`, lib/rbac/request-suggestions.ts); any value may be typed.

const SOURCE_TEXT: Record<RequestSuggestions["source"], string> = {
  discovery: "Suggestions: the verbs and resources the cluster's API discovery lists.",
  manifests: "Suggestions: the verbs and resources the roles of these manifests name.",
  known: "Suggestions: common verbs and resources (the cluster's discovery could not be read).",
};

interface RequestValues {
  verb?: string | undefined;
  resource?: string | undefined;
  subresource?: string | undefined;
  apiGroup?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

const INPUT =
  "w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-base dark:border-slate-500 dark:bg-slate-800";

function Field({
  id,
  label,
  name,
  value,
  hint,
  list,
}: {
  id: string;
  label: string;
  name: string;
  value?: string | undefined;
  hint?: string;
  list?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={value ?? ""}
        className={INPUT}
        list={list}
        aria-describedby={hint ? `${id}-hint` : undefined}
        autoComplete="off"
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}

export function RequestForm({
  idPrefix,
  action,
  values,
  keep,
  submitLabel,
  names,
  suggestions = KNOWN_SUGGESTIONS,
  children,
}: {
  idPrefix: string;
  action: string;
  values: RequestValues;
  keep: Record<string, string | readonly string[]>;
  submitLabel: string;
  /** Query parameter names for each field. */
  names: Record<keyof RequestValues, string>;
  suggestions?: RequestSuggestions;
  children?: ReactNode;
}) {
  return (
    <form method="get" action={action} className="space-y-3" aria-label={submitLabel}>
      {Object.entries(keep).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((value, i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={value} />
        )),
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Field
          id={`${idPrefix}-verb`}
          label="Verb"
          name={names.verb}
          value={values.verb}
          list={`${idPrefix}-verbs`}
        />
        <Field
          id={`${idPrefix}-resource`}
          label="Resource"
          name={names.resource}
          value={values.resource}
          list={`${idPrefix}-resources`}
          hint="plural, e.g. secrets"
        />
        <Field
          id={`${idPrefix}-subresource`}
          label="Subresource"
          name={names.subresource}
          value={values.subresource}
          hint="e.g. exec, scale"
        />
        <Field
          id={`${idPrefix}-group`}
          label="API group"
          name={names.apiGroup}
          value={values.apiGroup}
          hint="empty for core; e.g. apps"
        />
        <Field
          id={`${idPrefix}-namespace`}
          label="Namespace"
          name={names.namespace}
          value={values.namespace}
          hint="empty: cluster-wide"
        />
        <Field
          id={`${idPrefix}-name`}
          label="Object name"
          name={names.name}
          value={values.name}
          hint="for resourceNames"
        />
      </div>
      <datalist id={`${idPrefix}-verbs`}>
        {suggestions.verbs.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id={`${idPrefix}-resources`}>
        {suggestions.resources.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-blue-400"
        >
          {submitLabel}
        </button>
        {children}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="suggestions-source">
        {SOURCE_TEXT[suggestions.source]}
      </p>
    </form>
  );
}
