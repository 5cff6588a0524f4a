"use client";
// A webhook's Authorization header, write-only: the page knows only whether one is set. The admin keeps it,
// replaces it with a new value, or clears it; the form's value is undefined (keep) or the new header ("" clears).
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function AuthorizationField(props: { id: string; isSet: boolean; value: string | undefined; onChange: (value: string | undefined) => void; error?: string }) {
  const [clearing, setClearing] = useState(false);
  const keeping = props.value === undefined;
  const errorId = `${props.id}-error`;
  const labelId = `${props.id}-label`;
  const start = (clear: boolean) => {
    setClearing(clear);
    props.onChange("");
  };
  return (
    <div className="grid gap-1.5">
      <Label id={labelId} htmlFor={keeping || clearing ? undefined : props.id}>
        Authorization header
      </Label>
      {keeping ? (
        <div role="group" aria-labelledby={labelId} className="flex flex-wrap items-center gap-2">
          <Badge variant={props.isSet ? "success" : "outline"}>{props.isSet ? "set" : "not set"}</Badge>
          <Button type="button" size="sm" variant="outline" onClick={() => start(false)}>
            {props.isSet ? "Replace" : "Set"}
          </Button>
          {props.isSet && (
            <Button type="button" size="sm" variant="ghost" onClick={() => start(true)}>
              Clear
            </Button>
          )}
        </div>
      ) : clearing ? (
        <div role="group" aria-labelledby={labelId} className="flex flex-wrap items-center gap-2 text-sm">
          <span>Cleared when you save.</span>
          <Button type="button" size="sm" variant="ghost" onClick={() => props.onChange(undefined)}>
            Undo
          </Button>
        </div>
      ) : (
        <div className="flex gap-2">
          <Input
            id={props.id}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            placeholder="Basic dXNlcjpwYXNzd29yZA=="
            value={props.value}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? errorId : undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
          <Button type="button" size="sm" variant="ghost" className="h-8" onClick={() => props.onChange(undefined)}>
            Cancel
          </Button>
        </div>
      )}
      <p className="text-[0.8125rem] text-muted-foreground">Sent as the Authorization header of each call. Never shown again once saved.</p>
      {props.error && (
        <p id={errorId} role="alert" className="text-[0.8125rem] font-medium text-destructive">
          {props.error}
        </p>
      )}
    </div>
  );
}
