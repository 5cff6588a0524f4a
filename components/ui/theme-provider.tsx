"use client";

import * as React from "react";
import { ThemeProvider as NextThemesProvider, type ThemeProviderProps } from "next-themes";

/**
 * next-themes with the kit's defaults: the `dark` class on <html>, following the OS unless the user picks,
 * no transitions while switching. Pass the request's CSP `nonce` so its inline anti-flash script may run.
 */
function ThemeProvider({ children, nonce, ...props }: ThemeProviderProps) {
  return (
    <NextThemesProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
      {...props}
    >
      {children}
    </NextThemesProvider>
  );
}

export { ThemeProvider };
