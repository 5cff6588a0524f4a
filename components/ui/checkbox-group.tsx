"use client";
// A group of checkboxes choosing some of a list (scopes, events, domains), with its legend, help text and the
// field error of the form it belongs to.
import { Checkbox } from "./checkbox";
import { Label } from "./label";

export type CheckboxOption = { value: string; label: string; description?: string };

export function CheckboxGroup<T extends string>(props: {
  legend: string;
  help: string;
  idPrefix: string;
  options: CheckboxOption[];
  selected: T[];
  onChange: (next: T[]) => void;
  error?: string;
  // Two columns from the sm breakpoint, for long lists of short labels.
  columns?: 2;
}) {
  const helpId = `${props.idPrefix}-help`;
  const toggle = (value: T, on: boolean) => props.onChange(on ? [...props.selected, value] : props.selected.filter((x) => x !== value));
  return (
    <fieldset className="grid gap-2" aria-describedby={helpId}>
      <legend className="text-sm font-medium">{props.legend}</legend>
      <p id={helpId} className="text-[0.8125rem] text-muted-foreground">
        {props.help}
      </p>
      <div className={props.columns === 2 ? "grid gap-2 sm:grid-cols-2" : "grid gap-2"}>
      {props.options.map((o) => {
        const id = `${props.idPrefix}-${o.value}`;
        return (
          <div key={o.value} className="flex items-start gap-2">
            <Checkbox
              id={id}
              className="mt-0.5"
              checked={props.selected.includes(o.value as T)}
              onCheckedChange={(on) => toggle(o.value as T, on === true)}
              aria-describedby={o.description ? `${id}-desc` : undefined}
              aria-invalid={props.error ? true : undefined}
            />
            <div className="grid min-w-0 gap-0.5">
              <Label htmlFor={id}>{o.label}</Label>
              {o.description && (
                <span id={`${id}-desc`} className="text-[0.8125rem] break-words text-muted-foreground">
                  {o.description}
                </span>
              )}
            </div>
          </div>
        );
      })}
      </div>
      {props.error && (
        <p role="alert" className="text-[0.8125rem] font-medium text-destructive">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
