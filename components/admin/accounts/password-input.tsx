"use client";
// A password input with a generator: Generate fills a strong random password and shows it, so the admin can
// copy it and hand it over; it is sent like a typed one and never stored in the browser.
import { Eye, EyeOff, Wand2 } from "lucide-react";
import { useState, type ComponentProps } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";

// No look-alikes (0/O, 1/l/I): a generated password is often read off a screen.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const LENGTH = 20;

// 20 characters of 56: about 116 bits.
export function generatePassword(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(LENGTH)), (n) => ALPHABET[n % ALPHABET.length]).join("");
}

export function PasswordInput({ value, onGenerate, ...input }: Omit<ComponentProps<typeof Input>, "type" | "value"> & { value: string; onGenerate: (password: string) => void }) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="flex flex-wrap gap-1.5">
      <Input type={visible ? "text" : "password"} autoComplete="new-password" spellCheck={false} className="min-w-40 flex-1 font-mono" value={value} {...input} />
      <Button type="button" variant="ghost" size="icon" aria-label={visible ? "Hide password" : "Show password"} aria-pressed={visible} onClick={() => setVisible(!visible)}>
        {visible ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
      </Button>
      <Button
        type="button"
        variant="outline"
        onClick={() => {
          onGenerate(generatePassword());
          setVisible(true);
        }}
      >
        <Wand2 aria-hidden /> Generate
      </Button>
      <CopyButton value={value} label="Copy password" disabled={!value} className="size-8" />
    </div>
  );
}
