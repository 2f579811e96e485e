"use client";

import { useState } from "react";

type Theme = "system" | "light" | "dark";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

/** Light, dark or the system's choice; kept in a cookie so the server renders the right theme first time. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const apply = (t: Theme) => {
    setTheme(t);
    const root = document.documentElement;
    root.classList.remove("light", "dark");
    if (t !== "system") root.classList.add(t);
    document.cookie = `vigil-theme=${t}; path=/; max-age=31536000; samesite=lax`;
  };
  return (
    <button
      type="button"
      onClick={() => apply(NEXT[theme])}
      className="rounded border border-slate-300 px-2 py-1.5 text-sm whitespace-nowrap dark:border-slate-600"
      aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`}
      title={`Theme: ${theme}. Switch to ${NEXT[theme]}`}
    >
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span className="hidden 2xl:inline"> {theme}</span>
    </button>
  );
}
