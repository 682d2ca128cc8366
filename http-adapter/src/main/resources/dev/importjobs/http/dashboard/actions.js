/** Cancel and resume, offered only to callers with the update permission. */
import { api } from './api.js';
import { h } from './dom.js';
import { CANCELLABLE } from './format.js';

/** The job each action cell acts on: the newest one shown, so If-Match carries the version on screen. */
const shown = new WeakMap();

/** What may be done to a job now: cancel while it has not ended, resume once it failed. */
export function actionOf(job) {
  if (CANCELLABLE.has(job.status)) {
    return 'cancel';
  }
  return job.status === 'failed' ? 'resume' : '';
}

/**
 * Puts the button for `job`'s action in `cell` (kept while the action stays the same, so focus stays
 * put), asks before acting, and sends the change only for the version shown: a job that moved on
 * meanwhile answers 412 and is not changed blindly. `onChanged` gets the new job, or null on failure.
 */
export function renderActions(cell, job, ctx, onChanged) {
  shown.set(cell, job);
  const action = actionOf(job);
  if (cell.dataset.action === action) {
    return;
  }
  cell.dataset.action = action;
  if (!action) {
    cell.replaceChildren();
    return;
  }
  const cancel = action === 'cancel';
  const button = h('button', {
    type: 'button',
    class: cancel ? 'small danger' : 'small',
    text: cancel ? 'Cancel' : 'Resume',
    onclick: async () => {
      const current = shown.get(cell);
      const name = current.file?.originalName || current.id;
      const question = cancel ? `Cancel the import of "${name}"? A cancelled job cannot be restarted.`
        : `Resume the import of "${name}"? It goes back to running.`;
      if (!window.confirm(question)) {
        return;
      }
      button.disabled = true;
      try {
        const updated = await api.setStatus(ctx.org, current, cancel ? 'cancelled' : 'inProgress');
        ctx.notify(`${name}: ${cancel ? 'cancelled' : 'resumed'}.`, 'ok');
        onChanged(updated);
      } catch (e) {
        ctx.notify(e.status === 412
          ? `${name} changed meanwhile; it is shown as it is now. Try again if still needed.`
          : `${name}: ${e.message}`, 'error');
        onChanged(null);
      } finally {
        button.disabled = false;
      }
    },
  });
  button.setAttribute('aria-label', `${button.textContent} ${job.file?.originalName || job.id}`);
  cell.replaceChildren(button);
}
