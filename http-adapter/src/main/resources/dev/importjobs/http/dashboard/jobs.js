/** An organization's jobs: status counts that filter, more filters, a sortable table, cursor paging. */
import { api, paths } from './api.js';
import { renderActions } from './actions.js';
import { h, setAttr, setText } from './dom.js';
import * as fmt from './format.js';
import { follow } from './live.js';

const LIMIT = 20;
const DEFAULT_SORT = { field: 'createdAt', dir: 'desc' };
/** Text fields start ascending when first clicked; times and counts start with the largest. */
const TEXT_FIELDS = new Set(['status', 'action', 'fileName']);

/** Each sortable field's value in a style B item, to place a row that changed live (docs/api.md). */
const SORT_KEYS = {
  createdAt: (j) => fmt.millis(j.createdAt),
  updatedAt: (j) => fmt.millis(j.updatedAt),
  startedAt: (j) => fmt.millis(j.startedAt),
  completedAt: (j) => fmt.millis(j.completedAt),
  status: (j) => j.status,
  action: (j) => j.action ?? null,
  fileName: (j) => j.file?.originalName ?? null,
  totalRows: (j) => j.report?.numItems ?? null,
  processedRows: (j) => j.report?.numProcessed ?? null,
  errorCount: (j) => j.report?.numErrors ?? null,
};

export function jobLink(org, id) {
  return `?${new URLSearchParams({ org, job: id })}`;
}

function textCell(value) {
  return (td) => (job, m, now) => setText(td, value(job, m, now));
}

function countCell(field, tone) {
  return (td) => (job) => {
    const count = job.report?.[field] ?? 0;
    setText(td, fmt.number(count));
    td.classList.toggle(tone, Boolean(tone) && count > 0);
  };
}

function timeCell(which) {
  return (td) => {
    const time = h('time');
    td.append(time);
    return (job, m, now) => {
      const ms = m[which];
      setText(time, fmt.clock(ms, now));
      setAttr(time, 'datetime', ms === null ? null : new Date(ms).toISOString());
      setAttr(time, 'title', ms === null ? null : fmt.fullTime(ms));
    };
  };
}

export function statusBadge() {
  const badge = h('span', { class: 'badge' });
  return {
    badge,
    update(status) {
      setText(badge, fmt.statusLabel(status));
      badge.className = `badge s-${status}`;
    },
  };
}

/** A progress bar with its figures; indeterminate while the total is unknown. */
export function progressBar(size) {
  const bar = h('progress', { max: 1 });
  const label = h('span', { class: 'progress-text' });
  const wrap = h('div', { class: `progress ${size}` }, bar, label);
  return {
    node: wrap,
    update(job, m) {
      wrap.dataset.status = job.status;
      if (m.total === null || m.total === 0) {
        // Without a total only a running job is shown as moving; one that ended is full, one not begun empty.
        setAttr(bar, 'max', 1);
        const value = job.status === 'inProgress' ? null : Number(job.status === 'completed');
        setAttr(bar, 'value', value);
        setText(label, `${fmt.number(m.processed)} rows`);
      } else {
        setAttr(bar, 'max', m.total);
        setAttr(bar, 'value', Math.min(m.processed, m.total));
        setText(label, `${fmt.number(m.processed)} / ${fmt.number(m.total)} · ${fmt.percent(m.fraction)}`);
      }
      setAttr(bar, 'aria-label', `Progress of ${job.file?.originalName || job.id}`);
    },
  };
}

const COLUMNS = [
  {
    key: 'status', label: 'Status', sort: 'status',
    make: (td) => {
      const { badge, update } = statusBadge();
      td.append(badge);
      return (job) => update(job.status);
    },
  },
  {
    key: 'file', label: 'File', sort: 'fileName',
    make: (td, ctx) => {
      const link = h('a', { class: 'file' });
      td.append(link);
      return (job) => {
        setText(link, job.file?.originalName || '(no name)');
        setAttr(link, 'href', jobLink(ctx.org, job.id));
        setAttr(link, 'title', `Job ${job.id}`);
      };
    },
  },
  { key: 'action', label: 'Action', sort: 'action', make: textCell((job) => job.action || fmt.DASH) },
  {
    key: 'createdBy', label: 'Created by',
    make: (td) => (job) => {
      setText(td, fmt.person(job.createdBy));
      setAttr(td, 'title', job.createdBy?.email || job.createdBy?.id || null);
    },
  },
  {
    key: 'progress', label: 'Progress', sort: 'processedRows',
    make: (td) => {
      const bar = progressBar('small');
      td.append(bar.node);
      return bar.update;
    },
  },
  { key: 'success', label: 'Success', num: true, make: countCell('numSuccesses') },
  { key: 'warnings', label: 'Warnings', num: true, make: countCell('numWarnings', 'warn') },
  { key: 'errors', label: 'Errors', sort: 'errorCount', num: true, make: countCell('numErrors', 'err') },
  { key: 'created', label: 'Created', sort: 'createdAt', make: timeCell('created') },
  { key: 'started', label: 'Started', sort: 'startedAt', make: timeCell('started') },
  { key: 'updated', label: 'Updated', sort: 'updatedAt', make: timeCell('updated') },
  { key: 'duration', label: 'Duration', num: true, make: textCell((job, m) => fmt.duration(m.durationMs)) },
  { key: 'rate', label: 'Rows/s', num: true, make: textCell((job, m) => fmt.rate(m.rowsPerSecond)) },
  {
    key: 'eta', label: 'Finishes',
    make: (td) => {
      const at = h('span');
      const left = h('span', { class: 'sub' });
      td.append(at, left);
      return (job, m, now) => {
        setText(at, m.etaMs === null ? fmt.DASH : fmt.clock(m.etaMs, now));
        setText(left, m.etaMs === null ? '' : fmt.fromNow(m.etaMs, now));
      };
    },
  },
];

function readUrl() {
  const params = new URLSearchParams(location.search);
  const statuses = (params.get('status') || '').split(',').filter((s) => fmt.STATUSES.includes(s));
  const [field, dir] = (params.get('sort') || '').split(':');
  return {
    statuses: new Set(statuses),
    action: params.get('action') || '',
    createdBy: params.get('createdBy') || '',
    sort: SORT_KEYS[field] ? { field, dir: dir === 'asc' ? 'asc' : 'desc' } : { ...DEFAULT_SORT },
  };
}

export function showJobs(ctx) {
  const state = {
    ...readUrl(),
    cursors: [], // the cursor of each page before this one; the last is this page's
    items: [],
    totalDocs: 0,
    nextCursor: null,
    loaded: false,
    rows: new Map(),
    loadSeq: 0,
  };

  // ---- the page's skeleton --------------------------------------------------------------------
  const statusButtons = new Map();
  const stats = h('div', { class: 'stats', role: 'group', 'aria-label': 'Filter by status' },
    fmt.STATUSES.map((status) => {
      const count = h('span', { class: 'stat-count', text: fmt.DASH });
      const button = h('button', {
        type: 'button', class: `stat s-${status}`, 'data-status': status, 'aria-pressed': 'false',
        onclick: () => {
          if (state.statuses.has(status)) {
            state.statuses.delete(status);
          } else {
            state.statuses.add(status);
          }
          changed();
        },
      }, h('span', { class: 'stat-label' }, h('span', { class: 'dot', 'aria-hidden': 'true' }),
        fmt.statusLabel(status)), count);
      statusButtons.set(status, { button, count });
      return button;
    }));

  const actionInput = h('input', { id: 'filter-action', type: 'search', value: state.action, autocomplete: 'off', list: 'known-actions', placeholder: 'any' });
  const creatorInput = h('input', { id: 'filter-created-by', type: 'search', value: state.createdBy, autocomplete: 'off', placeholder: 'user id' });
  const knownActions = h('datalist', { id: 'known-actions' });
  const clearButton = h('button', { type: 'button', class: 'ghost', text: 'Clear filters', onclick: () => {
    state.statuses.clear();
    actionInput.value = '';
    creatorInput.value = '';
    changed();
  } });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs', onsubmit: (e) => {
    e.preventDefault();
    textChanged();
  } },
  h('label', { for: 'filter-action', text: 'Action' }), actionInput, knownActions,
  h('label', { for: 'filter-created-by', text: 'Created by' }), creatorInput,
  h('button', { type: 'submit', class: 'secondary', text: 'Apply' }), clearButton);
  for (const input of [actionInput, creatorInput]) {
    input.addEventListener('change', textChanged);
  }

  const headerCells = new Map();
  const columns = ctx.canUpdate ? [...COLUMNS, { key: 'actions', label: 'Actions', make: null }] : COLUMNS;
  const headRow = h('tr', null, columns.map((column) => {
    const th = h('th', { scope: 'col', class: column.num ? 'num' : null, 'data-col': column.key });
    if (column.sort) {
      const arrow = h('span', { class: 'arrow', 'aria-hidden': 'true' });
      th.dataset.sort = column.sort;
      th.append(h('button', { type: 'button', class: 'sort', onclick: () => sortBy(column.sort) }, column.label, arrow));
      headerCells.set(column.sort, { th, arrow });
    } else {
      th.textContent = column.label;
    }
    return th;
  }));
  const tbody = h('tbody');
  const caption = h('caption', { class: 'visually-hidden' });
  const table = h('table', { class: 'jobs' }, caption, h('thead', null, headRow), tbody);
  const empty = h('div', { class: 'empty', hidden: true });
  const range = h('span', { class: 'range', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'secondary', text: '← Previous', onclick: () => {
    state.cursors.pop();
    load();
  } });
  const next = h('button', { type: 'button', class: 'secondary', text: 'Next →', onclick: () => {
    state.cursors.push(state.nextCursor);
    load();
  } });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' }, range, h('span', { class: 'spacer' }), prev, next);
  const problem = h('div', { class: 'problem' });

  ctx.main.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', { text: 'Jobs' }), h('p', { class: 'muted' },
      'Organization ', h('strong', { text: ctx.org }), ctx.canUpdate ? '' : ' · read-only')),
    stats, filters, problem,
    h('div', { class: 'card table-card' },
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Jobs table' }, table), empty, pager));

  // ---- loading --------------------------------------------------------------------------------
  function query() {
    return {
      limit: LIMIT,
      sort: `${state.sort.field}:${state.sort.dir}`,
      status: [...state.statuses].join(','),
      action: state.action,
      createdBy: state.createdBy,
    };
  }

  async function load() {
    const seq = ++state.loadSeq;
    const cursor = state.cursors.length ? state.cursors[state.cursors.length - 1] : null;
    try {
      const page = await api.list(ctx.org, { ...query(), cursor });
      if (seq !== state.loadSeq) {
        return; // a newer request is under way
      }
      state.items = page.items;
      state.totalDocs = page.totalDocs;
      state.nextCursor = page.hasNextPage ? page.nextCursor : null;
      state.loaded = true;
      problem.replaceChildren();
      render();
    } catch (e) {
      if (seq === state.loadSeq) {
        problem.replaceChildren(ctx.describe(e));
      }
    }
    refreshCounts();
  }

  /** Each status's count under the other filters; the buttons show them. */
  async function refreshCounts() {
    const base = { limit: 1, action: state.action, createdBy: state.createdBy };
    const results = await Promise.allSettled(fmt.STATUSES.map((status) => api.list(ctx.org, { ...base, status })));
    const counts = results.map((result) => (result.status === 'fulfilled' ? result.value.totalDocs : null));
    counts.forEach((count, i) => setText(statusButtons.get(fmt.STATUSES[i]).count, fmt.number(count)));
    if (!counts.includes(null)) {
      // The counts are newer than the page when rows changed live: the total follows them.
      state.totalDocs = counts.reduce((sum, count, i) =>
        sum + (!state.statuses.size || state.statuses.has(fmt.STATUSES[i]) ? count : 0), 0);
      renderRange();
    }
  }

  let countsTimer = null;
  function refreshCountsSoon() {
    if (countsTimer === null) {
      countsTimer = setTimeout(() => {
        countsTimer = null;
        refreshCounts();
      }, 1000);
    }
  }

  /** Enter in a field both changes and submits it: the second one finds nothing new. */
  function textChanged() {
    if (actionInput.value.trim() !== state.action || creatorInput.value.trim() !== state.createdBy) {
      changed();
    }
  }

  function changed() {
    state.action = actionInput.value.trim();
    state.createdBy = creatorInput.value.trim();
    state.cursors = [];
    writeUrl();
    load();
  }

  function sortBy(field) {
    if (state.sort.field === field) {
      state.sort.dir = state.sort.dir === 'asc' ? 'desc' : 'asc';
    } else {
      state.sort = { field, dir: TEXT_FIELDS.has(field) ? 'asc' : 'desc' };
    }
    state.cursors = [];
    writeUrl();
    load();
  }

  function writeUrl() {
    const params = new URLSearchParams({ org: ctx.org });
    const sort = `${state.sort.field}:${state.sort.dir}`;
    if (sort !== `${DEFAULT_SORT.field}:${DEFAULT_SORT.dir}`) {
      params.set('sort', sort);
    }
    if (state.statuses.size) {
      params.set('status', [...state.statuses].join(','));
    }
    if (state.action) {
      params.set('action', state.action);
    }
    if (state.createdBy) {
      params.set('createdBy', state.createdBy);
    }
    history.replaceState(null, '', `?${params}`);
  }

  // ---- rendering: rows are kept per job id and updated in place ----------------------------------
  function createRow(job) {
    const tr = h('tr', { 'data-job-id': job.id });
    const updaters = columns.map((column) => {
      const td = h('td', { class: column.num ? 'num' : null, 'data-col': column.key });
      tr.append(td);
      if (column.key === 'actions') {
        return (current) => renderActions(td, current, ctx, (updated) => (updated ? apply(updated) : load()));
      }
      return column.make(td, ctx);
    });
    return { tr, updaters };
  }

  function fill(row, job, now) {
    const m = fmt.metrics(job, now);
    row.job = job;
    row.updaters.forEach((update) => update(job, m, now));
    row.tr.classList.toggle('running', job.status === 'inProgress');
  }

  function render() {
    const now = Date.now();
    const seen = new Set();
    state.items.forEach((job, index) => {
      let row = state.rows.get(job.id);
      if (!row) {
        row = createRow(job);
        state.rows.set(job.id, row);
      }
      seen.add(job.id);
      fill(row, job, now);
      if (tbody.children[index] !== row.tr) {
        tbody.insertBefore(row.tr, tbody.children[index] || null);
      }
    });
    for (const [id, row] of state.rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        state.rows.delete(id);
      }
    }
    for (const [status, { button }] of statusButtons) {
      setAttr(button, 'aria-pressed', String(state.statuses.has(status)));
    }
    for (const [field, { th, arrow }] of headerCells) {
      const active = state.sort.field === field;
      setAttr(th, 'aria-sort', active ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : null);
      setText(arrow, active ? (state.sort.dir === 'asc' ? '▲' : '▼') : '↕');
    }
    const filtered = state.statuses.size || state.action || state.createdBy;
    empty.hidden = state.items.length > 0 || !state.loaded;
    empty.replaceChildren(filtered ? 'No jobs match these filters.'
      : h('span', null, 'No jobs in ', h('strong', { text: ctx.org }), ' yet.'));
    renderRange();
    setText(caption, `Jobs of ${ctx.org}, sorted by ${state.sort.field} ${state.sort.dir}ending`);
    prev.disabled = state.cursors.length === 0;
    next.disabled = !state.nextCursor;
    const actions = new Set(state.items.map((job) => job.action).filter(Boolean));
    if (knownActions.children.length !== actions.size) {
      knownActions.replaceChildren(...[...actions].sort().map((action) => h('option', { value: action })));
    }
  }

  function renderRange() {
    const first = state.cursors.length * LIMIT + 1;
    setText(range, state.items.length ? `${fmt.number(first)}–${fmt.number(first + state.items.length - 1)} of ${
      fmt.number(Math.max(state.totalDocs, first + state.items.length - 1))}` : '');
  }

  /** Running jobs' durations and finish estimates move with the clock. */
  setInterval(() => {
    const now = Date.now();
    for (const row of state.rows.values()) {
      if (row.job.status === 'inProgress') {
        fill(row, row.job, now);
      }
    }
  }, 1000);

  // ---- live changes ---------------------------------------------------------------------------
  function matches(job) {
    return (!state.statuses.size || state.statuses.has(job.status))
      && (!state.action || job.action === state.action)
      && (!state.createdBy || job.createdBy?.id === state.createdBy);
  }

  function compare(a, b) {
    const key = SORT_KEYS[state.sort.field];
    const x = key(a);
    const y = key(b);
    const sign = state.sort.dir === 'asc' ? 1 : -1;
    if (x === y) {
      return a.id === b.id ? 0 : (a.id < b.id ? -sign : sign);
    }
    if (x === null) {
      return 1; // empty values come last either way, as the server sorts them
    }
    if (y === null) {
      return -1;
    }
    return x < y ? -sign : sign;
  }

  /**
   * Puts a changed job where the server would list it, within the page on screen: a job already shown
   * stays on this page; another one joins it when it sorts inside it (or at its end on the last page).
   */
  function apply(job) {
    const index = state.items.findIndex((item) => item.id === job.id);
    if (index >= 0) {
      state.items.splice(index, 1);
    }
    if (matches(job)) {
      const items = [...state.items, job].sort(compare);
      if (index >= 0 || items.indexOf(job) < items.length - 1 || !state.nextCursor) {
        if (items.length > LIMIT) {
          // The page overflows: the row it pushes out and the next page's cursor must come from the server.
          load();
          return;
        }
        state.items = items;
      }
    }
    render();
    refreshCountsSoon();
  }

  function remove(id) {
    state.items = state.items.filter((item) => item.id !== id);
    render();
    refreshCountsSoon();
  }

  follow(paths.events(ctx.org), {
    indicator: ctx.indicator,
    poll: load,
    onEvent(event) {
      if (event.type === 'reload') {
        load();
      } else if (event.type === 'job' || event.type === 'deleted') {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        if (event.type === 'deleted') {
          remove(data.id);
        } else if (data.organizationId === ctx.org) {
          apply(data);
        }
      }
    },
  });

  writeUrl();
  render();
  load();
}
