export function migrationDiff(extraEnv?: Record<string, string>): string;
