// Errors are values with a code, so callers branch on the code and not on message text.
// An error may name the input field that is wrong, so forms show it on that field.
export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

// A problem that stops a process from starting. It is printed as one line, with the fix, and no stack trace.
export class StartupError extends AppError<
  "config" | "database" | "redis" | "port" | "migration" | "build" | "embedded-postgres"
> {
  constructor(
    code: StartupError["code"],
    problem: string,
    readonly fix: string,
  ) {
    super(code, problem);
    this.name = "StartupError";
  }

  line(): string {
    return `${this.message}: ${this.fix}`;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return errorText(err.errors[0]);
  if (!(err instanceof Error)) return String(err);
  // System errors read best by their code (ECONNREFUSED); others by their message.
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code)) return code;
  return err.message || err.name;
}
