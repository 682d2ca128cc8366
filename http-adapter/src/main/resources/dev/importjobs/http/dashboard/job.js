/** One job: its progress and counters, a timeline, details and config, and its line errors page by page. */
import { api, download, paths, token, withQuery } from './api.js';
import { renderActions } from './actions.js';
import { callout, h, setAttr, setText } from './dom.js';
import * as fmt from './format.js';
import { progressBar, statusBadge } from './jobs.js';
import { follow } from './live.js';

const ERRORS_LIMIT = 20;
const SEVERITIES = [['', 'All'], ['error', 'Errors'], ['warning', 'Warnings'], ['skip', 'Skipped']];
const COUNTERS = [
  ['numItems', 'Total rows'], ['numProcessed', 'Processed'], ['numSuccesses', 'Succeeded'],
  ['numInserts', 'Inserted'], ['numUpdates', 'Updated'], ['numSkips', 'Skipped'],
  ['numWarnings', 'Warnings', 'warn'], ['numErrors', 'Errors', 'err'],
];

export function showJob(ctx, id) {
  const state = { job: null, page: 1, severity: '', errorsSeen: null, errorsSeq: 0 };

  // ---- skeleton ---------------------------------------------------------------------------------
  const title = h('h1', { class: 'file-name', id: 'job-title', text: 'Job' });
  const status = statusBadge();
  const idText = h('span', { class: 'mono muted', text: id });
  const meta = h('p', { class: 'meta muted' });
  const actionCell = h('div', { class: 'job-actions' });
  const notice = h('div', { class: 'problem' });
  const progress = progressBar('large');
  const figures = {
    duration: h('dd'), rate: h('dd'), eta: h('dd'),
  };
  const counters = new Map();
  const counterGrid = h('dl', { class: 'counters' }, COUNTERS.map(([field, label, tone]) => {
    const value = h('dd', { text: fmt.DASH });
    counters.set(field, { value, tone });
    return h('div', { class: 'counter', 'data-counter': field }, h('dt', { text: label }), value);
  }));
  const jobError = h('div', { class: 'job-error' });
  const timeline = h('ol', { class: 'timeline' });
  const details = h('dl', { class: 'details' });
  const config = h('pre', { class: 'config' }, h('code'));

  const severitySelect = h('select', { id: 'severity', onchange: () => {
    state.severity = severitySelect.value;
    state.page = 1;
    loadErrors();
  } }, SEVERITIES.map(([value, label]) => h('option', { value, text: label })));
  const csvLink = h('a', { class: 'button secondary', download: `${id}-errors.csv`, text: 'Download CSV', onclick: (e) => {
    if (!token()) {
      return; // a plain link downloads as it streams
    }
    e.preventDefault();
    download(csvLink.getAttribute('href'), `${id}-errors.csv`).catch((err) => ctx.notify(err.message, 'error'));
  } });
  const errorsBody = h('tbody');
  const errorsTable = h('table', { class: 'errors', id: 'errors' },
    h('caption', { class: 'visually-hidden', text: 'Line errors' }),
    h('thead', null, h('tr', null, ['Line', 'Severity', 'Column', 'Code', 'Message', 'Value'].map((label, i) =>
      h('th', { scope: 'col', class: i === 0 ? 'num' : null, text: label })))),
    errorsBody);
  const errorsEmpty = h('p', { class: 'empty', hidden: true });
  const errorsRange = h('span', { class: 'range', 'aria-live': 'polite' });
  const truncated = h('p', { class: 'hint', hidden: true });
  const prev = h('button', { type: 'button', class: 'secondary', text: '← Previous', onclick: () => {
    state.page--;
    loadErrors();
  } });
  const next = h('button', { type: 'button', class: 'secondary', text: 'Next →', onclick: () => {
    state.page++;
    loadErrors();
  } });

  ctx.main.replaceChildren(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: `?${new URLSearchParams({ org: ctx.org })}` }, '← All jobs of ', h('strong', { text: ctx.org }))),
    notice,
    h('section', { class: 'card job-head', 'aria-labelledby': 'job-title' },
      h('div', { class: 'job-title-row' }, status.badge, title, actionCell),
      h('p', { class: 'muted' }, 'Job ', idText), meta,
      progress.node,
      h('dl', { class: 'figures' },
        h('div', null, h('dt', { text: 'Duration' }), figures.duration),
        h('div', null, h('dt', { text: 'Rows per second' }), figures.rate),
        h('div', null, h('dt', { text: 'Estimated finish' }), figures.eta)),
      jobError),
    counterGrid,
    h('div', { class: 'job-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'errors-title' },
        h('div', { class: 'section-head' }, h('h2', { id: 'errors-title', text: 'Line errors' }),
          h('span', { class: 'spacer' }),
          h('label', { for: 'severity', text: 'Severity' }), severitySelect, csvLink),
        truncated,
        h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Line errors table' }, errorsTable),
        errorsEmpty,
        h('nav', { class: 'pager', 'aria-label': 'Line error pages' }, errorsRange, h('span', { class: 'spacer' }), prev, next)),
      h('div', { class: 'side' },
        h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
          h('h2', { id: 'timeline-title', text: 'Timeline' }), timeline),
        h('section', { class: 'card', 'aria-labelledby': 'details-title' },
          h('h2', { id: 'details-title', text: 'Details' }), details),
        h('section', { class: 'card', 'aria-labelledby': 'config-title' },
          h('h2', { id: 'config-title', text: 'Config' }), config))));

  // ---- the job ------------------------------------------------------------------------------------
  async function load() {
    try {
      show(await api.get(ctx.org, id));
    } catch (e) {
      notice.replaceChildren(ctx.describe(e));
    }
  }

  function show(job) {
    const first = state.job === null;
    state.job = job;
    notice.replaceChildren();
    const name = job.file?.originalName || '(no name)';
    setText(title, name);
    document.title = `${name} · Import Jobs`;
    status.update(job.status);
    meta.replaceChildren(
      job.action ? h('span', { class: 'tag', text: job.action }) : '',
      h('span', { text: `by ${fmt.person(job.createdBy)}` }),
      job.createdBy?.email && job.createdBy.email !== fmt.person(job.createdBy)
        ? h('span', { text: job.createdBy.email }) : '',
    );
    if (ctx.canUpdate) {
      renderActions(actionCell, job, ctx, (updated) => (updated ? show(updated) : load()));
    }
    tick();
    for (const [field, { value, tone }] of counters) {
      const count = job.report?.[field] ?? null;
      setText(value, fmt.number(count));
      value.classList.toggle(tone, Boolean(tone) && count > 0);
    }
    jobError.replaceChildren(
      job.error ? callout(job.status === 'failed' ? 'error' : 'warn', 'Error', job.error) : '',
      job.summary ? callout('info', 'Summary', job.summary) : '');
    renderTimeline(job);
    renderDetails(job);
    const pretty = job.config === null || job.config === undefined ? 'No config.' : JSON.stringify(job.config, null, 2);
    setText(config.firstChild, pretty);
    truncated.hidden = !job.errorReportTruncated;
    setText(truncated, job.errorReportTruncated
      ? 'Only the first line errors of this job were kept: the counters count them all.' : '');
    const seen = ['numErrors', 'numWarnings', 'numSkips'].map((f) => job.report?.[f] ?? 0).join('/');
    if (first || seen !== state.errorsSeen) {
      state.errorsSeen = seen;
      loadErrors();
    }
  }

  /** Progress and the figures that move with the clock while the job runs. */
  function tick() {
    const job = state.job;
    if (!job) {
      return;
    }
    const now = Date.now();
    const m = fmt.metrics(job, now);
    progress.update(job, m);
    setText(figures.duration, fmt.duration(m.durationMs));
    setText(figures.rate, fmt.rate(m.rowsPerSecond));
    setText(figures.eta, m.etaMs === null ? fmt.DASH : `${fmt.clock(m.etaMs, now)} (${fmt.fromNow(m.etaMs, now)})`);
  }
  setInterval(tick, 1000);

  function renderTimeline(job) {
    const created = fmt.millis(job.createdAt);
    const started = fmt.millis(job.startedAt);
    const ended = fmt.millis(job.completedAt);
    const steps = [{ label: 'Created', at: created, state: 'done' }];
    steps.push(started !== null ? { label: 'Started', at: started, state: 'done', after: started - created }
      : { label: 'Not started yet', at: null, state: 'next' });
    if (['completed', 'failed', 'cancelled'].includes(job.status)) {
      steps.push({ label: fmt.statusLabel(job.status), at: ended, state: job.status,
        after: ended !== null && (started ?? created) !== null ? ended - (started ?? created) : null });
    } else if (job.status === 'inProgress') {
      steps.push({ label: 'Running', at: fmt.millis(job.updatedAt), state: 'current', note: 'last update' });
    }
    timeline.replaceChildren(...steps.map((step) => h('li', { class: `step ${step.state}` },
      h('span', { class: 'step-label', text: step.label }),
      step.at !== null ? h('time', { datetime: new Date(step.at).toISOString(), text: fmt.fullTime(step.at) }) : '',
      step.note ? h('span', { class: 'sub', text: step.note }) : '',
      step.after !== undefined && step.after !== null ? h('span', { class: 'sub', text: `after ${fmt.duration(step.after)}` }) : '')));
  }

  function renderDetails(job) {
    const file = job.file || {};
    const rows = [
      ['File type', file.mimetype], ['Size', file.size === null || file.size === undefined ? null : fmt.bytes(file.size)],
      ['Location', file.location], ['Bucket', file.bucket], ['Key', file.key], ['Region', file.region],
      ['Checksum', file.checksum], ['Workflow', job.workflowId], ['Idempotency key', job.idempotencyKey],
      ['Last chunk in order', job.lastProcessedChunkIndex], ['Created by (id)', job.createdBy?.id],
      ['Version', job.version], ['Updated', fmt.fullTime(fmt.millis(job.updatedAt))],
    ].filter(([, value]) => value !== null && value !== undefined && value !== '');
    details.replaceChildren(...rows.map(([label, value]) =>
      h('div', null, h('dt', { text: label }), h('dd', { text: String(value) }))));
  }

  // ---- line errors ----------------------------------------------------------------------------------
  async function loadErrors() {
    const seq = ++state.errorsSeq;
    const severity = state.severity;
    setAttr(csvLink, 'href', withQuery(paths.errorsCsv(ctx.org, id), { severity }));
    try {
      const page = await api.errors(ctx.org, id, { page: state.page, limit: ERRORS_LIMIT, severity });
      if (seq !== state.errorsSeq) {
        return;
      }
      if (page.items.length === 0 && state.page > 1 && page.totalPages > 0) {
        state.page = page.totalPages; // the page asked for is gone (the lines were replaced)
        loadErrors();
        return;
      }
      errorsBody.replaceChildren(...page.items.map((line) => h('tr', null,
        h('td', { class: 'num', text: String(line.line) }),
        h('td', null, h('span', { class: `sev sev-${line.severity}`, text: line.severity })),
        h('td', { text: line.column ?? '' }),
        h('td', { class: 'mono', text: line.code ?? '' }),
        h('td', { class: 'message', text: line.message ?? '' }),
        h('td', { class: 'mono value', text: line.value ?? '' }))));
      errorsTable.hidden = page.items.length === 0;
      errorsEmpty.hidden = page.items.length > 0;
      setText(errorsEmpty, severity ? 'No line errors of this severity.' : 'No line errors.');
      setText(errorsRange, page.totalDocs
        ? `Page ${fmt.number(page.page)} of ${fmt.number(page.totalPages)} · ${fmt.number(page.totalDocs)} lines` : '');
      prev.disabled = !page.hasPrevPage;
      next.disabled = !page.hasNextPage;
    } catch (e) {
      if (seq === state.errorsSeq) {
        errorsEmpty.hidden = false;
        errorsEmpty.replaceChildren(ctx.describe(e));
      }
    }
  }

  follow(paths.events(ctx.org, id), {
    indicator: ctx.indicator,
    poll: load,
    onEvent(event) {
      if (event.type === 'reload') {
        load();
        return;
      }
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (data.id !== id) {
        return;
      }
      if (event.type === 'deleted') {
        notice.replaceChildren(callout('warn', 'This job was deleted.', 'What is shown is how it last was.'));
        actionCell.replaceChildren();
      } else if (event.type === 'job') {
        show(data);
      }
    },
  });
  load();
}
