// The demo pages' own script: buttons that drive the widget through window.Parley, and a
// log of the widget's DOM events. A file, not an inline script: the pages run under a
// strict Content-Security-Policy.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-parley-open], [data-parley-send], [data-parley-reset]') : null;
  if (!button || !window.Parley) return;
  if (button.hasAttribute('data-parley-open')) window.Parley.open(button.getAttribute('data-parley-open') || undefined);
  if (button.hasAttribute('data-parley-send')) window.Parley.send(button.getAttribute('data-parley-send'), button.getAttribute('data-parley-agent') || undefined);
  if (button.hasAttribute('data-parley-reset')) window.Parley.reset(button.getAttribute('data-parley-reset') || undefined);
});

const log = document.getElementById('event-log');
if (log) {
  const names = ['parley-open', 'parley-close', 'parley-message', 'parley-session-start', 'parley-session-end', 'parley-error'];
  for (const name of names) {
    document.addEventListener(name, (event) => {
      const detail = event.detail || {};
      const summary = detail.message ? `${detail.message.role}: ${detail.message.content.slice(0, 60)}` : detail.code || detail.reason || (detail.runId ? `run ${detail.runId}` : '');
      const item = document.createElement('li');
      const label = document.createElement('code');
      label.textContent = name;
      item.append(label, ` ${summary}`);
      log.prepend(item);
      while (log.children.length > 8) log.lastElementChild.remove();
    });
  }
}
