/**
 * The style B API as the dashboard uses it (docs/api.md#style-b--rest). Paths are relative to the page,
 * so the dashboard also works behind a proxy that mounts the server under a prefix.
 */
const TOKEN_KEY = 'importjobs.token';

export const PERMISSION_UPDATE = 'base.bulk.management.update';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** The Authorization header for the token of this tab, if there is one. */
export function authHeaders() {
  const value = token();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

/** A failed call: HTTP status plus the envelope's code and message (docs/model.md#errors). */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

const enc = encodeURIComponent;

export const paths = {
  access: (org) => `../v1/organizations/${enc(org)}/access`,
  jobs: (org) => `../v1/organizations/${enc(org)}/bulk-tasks`,
  job: (org, id) => `${paths.jobs(org)}/${enc(id)}`,
  errors: (org, id) => `${paths.job(org, id)}/errors`,
  errorsCsv: (org, id) => `${paths.job(org, id)}/errors.csv`,
  events: (org, id) => (id ? `${paths.job(org, id)}/events` : `${paths.jobs(org)}/events`),
};

/** Adds the parameters that have a value to `path`. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the API; resolves to {data, etag} or rejects with an ApiError. */
export async function call(method, path, { query, body, headers, signal } = {}) {
  const init = {
    method,
    cache: 'no-store',
    signal,
    headers: { Accept: 'application/json', ...authHeaders(), ...(headers || {}) },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(withQuery(path, query), init);
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, null, 'The server cannot be reached.');
  }
  let envelope = null;
  try {
    envelope = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status line is all there is to report.
  }
  if (!response.ok || !envelope || envelope.status !== true) {
    const error = envelope && envelope.error ? envelope.error : {};
    throw new ApiError(response.status, error.code ?? null,
      error.message || `${response.status} ${response.statusText}`.trim(), error.details);
  }
  return { data: envelope.data, etag: response.headers.get('ETag') };
}

export const api = {
  access: (org) => call('GET', paths.access(org)).then((r) => r.data),
  list: (org, query, signal) => call('GET', paths.jobs(org), { query, signal }).then((r) => r.data),
  get: (org, id) => call('GET', paths.job(org, id)).then((r) => r.data),
  errors: (org, id, query) => call('GET', paths.errors(org, id), { query }).then((r) => r.data),
  /** Moves a job to `status`, only if it is still at `version` (else 412). */
  setStatus: (org, job, status) => call('PATCH', paths.job(org, job.id), {
    body: { status },
    headers: { 'If-Match': `"${job.version}"` },
  }).then((r) => r.data),
};

/** Fetches a download with the token and hands it to the browser as a file. */
export async function download(path, fileName) {
  const response = await fetch(path, { headers: authHeaders(), cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = (await response.json()).error.message || message;
    } catch {
      // keep the status line
    }
    throw new ApiError(response.status, null, message);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
