// One attempt at posting a webhook (spec 2.3), kept in Go's field names like the queue's message results, so
// the admin pages and mox's tooling read the same thing.
export type HookResult = {
  Start: string;
  // Nanoseconds, as Go's time.Duration.
  Duration: number;
  URL: string;
  Success: boolean;
  // HTTP status; 0 when no response came.
  Code: number;
  Error: string;
  // The first 512 bytes of the response body.
  Response: string;
};

// The result recorded before a request is made; it stays when the worker dies mid-request.
export const RESULT_DELIVERING = "delivering...";
