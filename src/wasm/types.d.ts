/// <reference lib="esnext.disposable" />
/** Schedule frequencies accepted in requests. */
export type Frequency = 'daily' | 'weekly' | 'monthly';

/**
 * The body of `POST /indexes/{index_name}/backup-schedules`, exactly as Pinecone documents
 * it, so the JSON from the API reference can be pasted as is.
 */
export interface CreateBackupScheduleRequest {
  /** Schedule name. Backups are named `<name>-<YYYYMMDDTHHMMSSZ>` and must fit 45 characters
   * of `[a-z0-9-]`, so longer or other names get a warning (backups may fail later). */
  name: string;
  schedule: {
    /** The only schedule type; defaults to `'time-based'`. */
    type?: 'time-based';
    /** How often a backup is taken. The server picks the time of day. */
    frequency: Frequency;
  };
  retention: {
    /** Days each backup is kept: a whole number, at least 1. The project's maximum is
     * enforced by the server (400 above it). */
    expire_after_days: number;
  };
}

/** The body of `PATCH /backup-schedules/{id}`: only the fields given are sent. An empty
 * update is refused as a likely mistake (the API would change nothing). */
export interface UpdateBackupScheduleRequest {
  /** Pause (`false`) or resume (`true`) the schedule. Resuming fails with 409 while another
   * schedule of the index is enabled. */
  enabled?: boolean;
  /** New frequency (flat here, unlike create's `schedule.frequency`). */
  frequency?: Frequency;
  /** New retention; applies to backups made from now on. */
  retention?: { expire_after_days: number };
}

/** A backup schedule exactly as the API returns it: snake_case keys, `null` for nulls. Fields
 * this package does not know are kept on the object at run time but not declared, so a
 * misspelt field name is a compile error. */
export interface BackupSchedule {
  schedule_id: string;
  name: string;
  /** The index's id, not its name. Documented, but tolerated missing. */
  index_id?: string | null;
  project_id?: string | null;
  /** `'time-based'` today; later values are passed through. */
  schedule_type?: 'time-based' | (string & {}) | null;
  /** Open: a frequency added by Pinecone later arrives as its string. */
  frequency: Frequency | (string & {});
  retention_expire_after_days: number;
  enabled: boolean;
  /** ISO date-time of the next run; `null` (or missing) while disabled. */
  next_scheduled_run?: string | null;
  /** ISO date-time, e.g. `2026-04-23T16:36:51.267528+00:00`. */
  created_at?: string | null;
}

/** Backup states; later values are passed through. */
export type BackupStatus = 'Scheduled' | 'Initializing' | 'Ready' | 'InitializationFailed' | (string & {});

/** One backup made by a schedule. Optional fields may be missing or `null`. */
export interface BackupHistoryItem {
  backup_id: string;
  source_index_id: string;
  source_index_name: string;
  name: string;
  status: BackupStatus;
  cloud: string;
  region: string;
  created_at: string;
  description?: string | null;
  scheduled_execution_at?: string | null;
  record_count?: number | null;
  namespace_count?: number | null;
  size_bytes?: number | null;
  tags?: Record<string, string> | null;
  schema?: unknown;
}

/** One page of a list: pass `pagination.next` as `paginationToken` for the next page. */
export interface Page<T> {
  data: T[];
  /** `null` (or missing) on the last page. */
  pagination?: { next?: string | null } | null;
}

/** Paging for the list calls. */
export interface PageParams {
  /** Page size, 1 to 100 (server default 100). Ignored when `paginationToken` is given: the
   * token carries its own page size. */
  limit?: number;
  /** `pagination.next` from the previous page. */
  paginationToken?: string;
}

/** What `onEvent` receives. Events carry the operation, method and path, never headers or
 * the key. */
export interface ClientEvent {
  /** `attempt` before each request, `retry` before a wait, `adopted` when a create found the
   * schedule an earlier attempt made, then `success` or `failure`. */
  type: 'attempt' | 'retry' | 'adopted' | 'success' | 'failure';
  operation: string;
  /** 1 for the first request of the call. */
  attempt: number;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query of the request, without the base URL. */
  path: string;
  /** `Date.now()` when the event was emitted. */
  time: number;
  /** On `retry`: the wait before the next attempt. */
  delayMs?: number;
  /** On `retry` and `failure`: the HTTP status, or `null` without a response. */
  status?: number | null;
  /** On `failure`: the error's `name`. */
  error?: string;
}

/** Options for one call (and, held once, for a `BackupSchedules` client). */
export interface ClientOptions {
  /** Pinecone API key, sent as `Api-Key`. Required for `https://api.pinecone.io`; leave it
   * out behind a proxy that adds it server-side (a key in a page is visible to its users). */
  apiKey?: string;
  /** Where requests go: default `https://api.pinecone.io`. A path prefix such as
   * `'/pinecone'` (a same-origin proxy) or `'http://127.0.0.1:8790'` works; a trailing slash
   * is ignored. */
  baseUrl?: string;
  /** Sent as `X-Pinecone-Api-Version`: `'2026-07'` (default, the stable version with
   * schedules), a later `YYYY-MM`, or `'unstable'`. */
  apiVersion?: '2026-07' | 'unstable' | (string & {});
  /** Extra headers, e.g. for a proxy. The client's own and browser-forbidden names are
   * refused, as are values with line breaks or non-Latin-1 characters. */
  headers?: Record<string, string>;
  /** The `fetch` to use instead of the global one. */
  fetch?: (input: Request) => Promise<Response>;
  /** Milliseconds one attempt may take, body included, before it is aborted and the call
   * rejects with `PineconeTimeoutError`. Default 30000. */
  timeoutMs?: number;
  /** Aborts the call (and any wait between attempts) with `PineconeAbortError`, whose
   * `cause` is the signal's reason. */
  signal?: AbortSignal;
  /** Retries of 429, 500, 502, 503, 504 and network failures, with growing jittered waits
   * or the server's `Retry-After`. Default 2; 0 disables. A create is never posted twice
   * blindly: see the README. */
  maxRetries?: number;
  /** Called with each attempt, retry and outcome; exceptions it throws are ignored. */
  onEvent?: (event: ClientEvent) => void;
  /** `'omit'` (default) never sends cookies; `'same-origin'` lets a same-origin proxy that
   * authenticates by session cookie see them. */
  credentials?: 'omit' | 'same-origin';
}

/** Per-call options of a `BackupSchedules` client: any option, laid over the client's. */
export type CallOptions = ClientOptions;

/** One problem with one input field. */
export interface ValidationIssue {
  /** Dotted path: `retention.expire_after_days`, `indexName`, `options.apiKey`. */
  path: string;
  /** Lower-case rule that was broken, with a hint where one helps. */
  message: string;
}

/** The result of `validateCreateBackupSchedule`. */
export interface ValidationResult {
  /** `true` when the call would be sent. */
  ok: boolean;
  errors: ValidationIssue[];
  /** Sent anyway, but worth showing (e.g. a name whose backups may fail). */
  warnings: ValidationIssue[];
}

/** What every error of this package carries. */
export interface PineconeErrorBase extends Error {
  /** The exported function that failed, e.g. `'createBackupSchedule'`. */
  operation: string;
  /** Requests sent (0 when input was refused). */
  attempts: number;
}

/** Input broke a rule; nothing was sent. */
export interface PineconeValidationError extends PineconeErrorBase {
  name: 'PineconeValidationError';
  issues: ValidationIssue[];
  warnings: ValidationIssue[];
}

/** The server answered with a non-2xx status (after any retries). */
export interface PineconeApiError extends PineconeErrorBase {
  name: 'PineconeApiError';
  status: number;
  /** Pinecone's error code (`ALREADY_EXISTS`, `NOT_FOUND`, ...), or `null` without one. */
  code: string | null;
  /** The id from `x-pinecone-request-id` or `x-request-id`, if the server exposed it. */
  requestId: string | null;
  /** The response body as text, truncated. */
  body: string;
  /** The wait `Retry-After` asked for, if any. */
  retryAfterMs: number | null;
  /** On a 409 after a retried create: the index's enabled schedule, if one was found. */
  existingSchedule?: BackupSchedule | null;
}

/** `fetch` failed: offline, DNS, a CORS refusal, a blocked request or a broken connection. */
export interface PineconeNetworkError extends PineconeErrorBase {
  name: 'PineconeNetworkError';
}

/** An attempt took longer than `timeoutMs` and was aborted. */
export interface PineconeTimeoutError extends PineconeErrorBase {
  name: 'PineconeTimeoutError';
  timeoutMs: number;
}

/** The caller's `signal` aborted the call. */
export interface PineconeAbortError extends PineconeErrorBase {
  name: 'PineconeAbortError';
  /** The signal's reason. */
  cause: unknown;
}

/** A 2xx response whose body is not what the API documents. */
export interface PineconeResponseError extends PineconeErrorBase {
  name: 'PineconeResponseError';
  status: number;
  /** The first field that did not fit, or `null`. */
  path: string | null;
  body: string;
}

/** Every error this package rejects with; narrow on `name`. */
export type PineconeError =
  | PineconeValidationError
  | PineconeApiError
  | PineconeNetworkError
  | PineconeTimeoutError
  | PineconeAbortError
  | PineconeResponseError;
