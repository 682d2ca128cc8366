/**
 * The dashboard's entry point (docs/dashboard.md): `?org=ORG` lists that organization's jobs,
 * `&job=ID` opens one; without `org`, a form asks for it. The caller's rights decide whether cancel and
 * resume are offered.
 */
import { api, ApiError, PERMISSION_UPDATE, setToken, token } from './api.js';
import { callout, h } from './dom.js';
import { showJob } from './job.js';
import { showJobs } from './jobs.js';
import { POLL_MS } from './live.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
const who = document.getElementById('who');
const tokenToggle = document.getElementById('token-toggle');
const tokenPanel = document.getElementById('token-panel');
const tokenInput = document.getElementById('token-input');

const LIVE_STATES = {
  connecting: ['Connecting…', 'pending'],
  live: ['Live', 'on'],
  reconnecting: ['Reconnecting…', 'pending'],
  unavailable: [`Live updates unavailable · refreshing every ${POLL_MS / 1000} s`, 'off'],
  denied: ['Live updates not permitted', 'off'],
};

function indicator(state) {
  const [text, tone] = LIVE_STATES[state];
  live.hidden = false;
  live.textContent = text;
  live.className = `live ${tone}`;
  live.dataset.state = state;
}

/** A transient message at the top of the page. */
function notify(message, kind) {
  const area = document.getElementById('notices');
  const item = h('div', { class: `notice ${kind}` }, h('span', { text: message }),
    h('button', { type: 'button', class: 'ghost small', 'aria-label': 'Dismiss', text: '×', onclick: () => item.remove() }));
  area.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 12000 : 5000);
}

function openTokenPanel(open) {
  tokenPanel.hidden = !open;
  tokenToggle.setAttribute('aria-expanded', String(open));
  if (open) {
    tokenInput.focus();
  }
}

/** An API failure as a callout that says what to do about it. */
function describe(error) {
  if (!(error instanceof ApiError)) {
    return callout('error', 'Something went wrong', String(error && error.message ? error.message : error));
  }
  const code = error.code ? ` (code ${error.code})` : '';
  if (error.status === 401) {
    openTokenPanel(true);
    return callout('warn', token() ? 'This token is not accepted.' : 'This server needs an access token.',
      'Enter a token above; it is kept in this tab only.');
  }
  if (error.status === 403) {
    return callout('error', 'Not allowed', `${error.message}${code}`);
  }
  if (error.status === 404 && error.code === 3001) {
    return callout('error', 'No such job', 'It may have been deleted, or it belongs to another organization.');
  }
  return callout('error', error.status ? `Error ${error.status}` : 'No answer', `${error.message}${code}`);
}

function orgForm() {
  const input = h('input', { id: 'org-input', name: 'org', required: true, autocomplete: 'on', spellcheck: 'false', placeholder: 'org_123' });
  main.replaceChildren(h('section', { class: 'card narrow' },
    h('h1', { text: 'Open an organization' }),
    h('p', { class: 'muted', text: 'The dashboard shows the import jobs of one organization at a time.' }),
    h('form', { class: 'org-form', onsubmit: (e) => {
      e.preventDefault();
      const org = input.value.trim();
      if (org) {
        location.assign(`?${new URLSearchParams({ org })}`);
      }
    } }, h('label', { for: 'org-input', text: 'Organization id' }), input,
    h('button', { type: 'submit', class: 'primary', text: 'Open' }))));
  input.focus();
}

async function start(org, jobId) {
  const orgName = document.getElementById('org-name');
  orgName.hidden = false;
  orgName.textContent = org;
  document.title = `${org} · Import Jobs`;
  let access;
  try {
    access = await api.access(org);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.code === 1004) {
      // A server from before the access route: show everything it lets us read, offer no changes.
      access = { subject: null, permissions: [] };
    } else {
      main.replaceChildren(describe(e));
      return;
    }
  }
  const canUpdate = access.permissions.includes(PERMISSION_UPDATE);
  who.hidden = false;
  who.textContent = `${access.subject ?? 'unknown caller'} · ${canUpdate ? 'can cancel and resume' : 'read-only'}`;
  who.className = `who ${canUpdate ? 'can-update' : 'read-only'}`;
  const ctx = { org, main, canUpdate, indicator, notify, describe };
  if (jobId) {
    showJob(ctx, jobId);
  } else {
    showJobs(ctx);
  }
}

tokenToggle.addEventListener('click', () => openTokenPanel(tokenPanel.hidden));
tokenInput.value = token();
document.getElementById('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken(tokenInput.value.trim());
  location.reload();
});
document.getElementById('token-clear').addEventListener('click', () => {
  setToken('');
  location.reload();
});
tokenToggle.textContent = token() ? 'Token ✓' : 'Token';

const params = new URLSearchParams(location.search);
const org = (params.get('org') || '').trim();
if (org) {
  start(org, (params.get('job') || '').trim());
} else {
  orgForm();
}
