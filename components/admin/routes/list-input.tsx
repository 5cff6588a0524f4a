"use client";
// A list (domains, IP addresses) typed as one line, separated by commas or spaces. The text is kept as typed
// while the field has focus, so a trailing separator does not vanish under the cursor.
import { useState, type ComponentProps } from "react";
import { Input } from "@/components/ui/input";

const split = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const join = (list: string[]) => list.join(", ");

type Props = Omit<ComponentProps<typeof Input>, "value" | "onChange"> & { value: string[]; onChange: (list: string[]) => void };

export function ListInput({ value, onChange, onBlur, ...props }: Props) {
  const [text, setText] = useState<string | null>(null);
  return (
    <Input
      autoComplete="off"
      spellCheck={false}
      {...props}
      value={text ?? join(value)}
      onChange={(e) => {
        setText(e.target.value);
        onChange(split(e.target.value));
      }}
      onBlur={(e) => {
        setText(null);
        onBlur?.(e);
      }}
    />
  );
}
