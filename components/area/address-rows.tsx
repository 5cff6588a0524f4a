"use client";
// A list of addresses edited as rows (add a row, remove a row, type in each), for fromid login addresses on
// the admin's account page and on the user's own. The list's error is shown once, under the rows.
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function AddressRows(props: { value: string[]; onChange: (next: string[]) => void; legend: string; empty: string; placeholder?: string; invalid: boolean; describedBy?: string }) {
  const { value, onChange } = props;
  return (
    <fieldset className="grid gap-2" aria-describedby={props.describedBy}>
      <legend className="sr-only">{props.legend}</legend>
      {value.length === 0 && <p className="text-sm text-muted-foreground">{props.empty}</p>}
      {value.map((address, i) => (
        <div key={i} className="flex gap-2">
          <Input
            aria-label={`Login address ${i + 1}`}
            aria-invalid={props.invalid ? true : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={props.placeholder}
            value={address}
            onChange={(e) => onChange(value.map((a, j) => (j === i ? e.target.value : a)))}
          />
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove login address ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...value, ""])}>
          <Plus aria-hidden /> Add address
        </Button>
      </div>
    </fieldset>
  );
}

// A list field's message: on the list itself, or on its first bad row.
export function listMessage(error: unknown): string | undefined {
  const e = error as ({ message?: string } & ArrayLike<{ message?: string } | undefined>) | undefined;
  return e?.message ?? Array.from(e ?? []).find((x) => x?.message)?.message;
}
