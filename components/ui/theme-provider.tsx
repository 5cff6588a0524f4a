"use client";
import { ThemeProvider as NextThemes } from "next-themes";
import type { ReactNode } from "react";

// The nonce lets next-themes' inline script (which sets the theme before paint) pass our CSP.
export function ThemeProvider({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <NextThemes attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </NextThemes>
  );
}
