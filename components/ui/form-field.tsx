import * as React from "react";

import { cn } from "./cn";
import { Label } from "./label";

/** Props that FormField puts on its control. */
type FormControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  "aria-required"?: true;
};

type FormFieldProps = Omit<React.ComponentProps<"div">, "children"> & {
  label: React.ReactNode;
  /** Help text under the control. */
  description?: React.ReactNode;
  /**
   * The error message (e.g. `errors.email?.message` from react-hook-form). When set, it is shown with
   * role="alert" and the control gets aria-invalid.
   */
  error?: React.ReactNode;
  /** The control's id. If omitted, the control's own `id` is used, else one is generated. */
  htmlFor?: string;
  /** Marks the label with "*" (the control still needs its own `required`, if wanted). */
  required?: boolean;
  /**
   * One control element (Input, Textarea, NativeSelect, a `register()`ed input…), which gets id,
   * aria-invalid and aria-describedby; or a function receiving those props, for controls whose
   * focusable part is not the outer element (e.g. radix Select: put them on the SelectTrigger).
   */
  children: React.ReactElement | ((control: FormControlProps) => React.ReactNode);
};

/**
 * Label + control + description + error, wired for assistive technology. Works in server and client
 * components and with react-hook-form's `register` (refs and handlers on the child are kept):
 *
 *   <FormField label="Domain" description="e.g. example.com" error={errors.domain?.message}>
 *     <Input {...register("domain")} />
 *   </FormField>
 */
function FormField({
  label,
  description,
  error,
  htmlFor,
  required,
  className,
  children,
  ...props
}: FormFieldProps) {
  const generatedId = React.useId();
  const child = typeof children === "function" ? null : children;
  const childProps = (child?.props ?? {}) as { id?: string; "aria-describedby"?: string };
  const id = htmlFor ?? childProps.id ?? `field${generatedId.replace(/:/g, "")}`;
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";

  const describedBy =
    [childProps["aria-describedby"], description ? descriptionId : null, hasError ? errorId : null]
      .filter(Boolean)
      .join(" ") || undefined;

  const controlProps: FormControlProps = {
    id,
    ...(hasError ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(required ? { "aria-required": true as const } : {}),
  };

  const control =
    typeof children === "function"
      ? children(controlProps)
      : React.cloneElement(children as React.ReactElement<Record<string, unknown>>, controlProps);

  return (
    <div
      data-slot="form-field"
      data-invalid={hasError || undefined}
      className={cn("grid content-start gap-1.5", className)}
      {...props}
    >
      <Label htmlFor={id} className="data-[error=true]:text-destructive" data-error={hasError}>
        {label}
        {required ? (
          <span aria-hidden="true" className="-ml-1 text-destructive">
            *
          </span>
        ) : null}
      </Label>
      {control}
      {description ? (
        <p id={descriptionId} data-slot="form-description" className="text-[0.8125rem] text-muted-foreground">
          {description}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} role="alert" data-slot="form-message" className="text-[0.8125rem] font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export { FormField, type FormControlProps, type FormFieldProps };
