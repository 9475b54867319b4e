/*
 * The status page works without this script. With it: times in the reader's own zone (the zone named), and a quiet
 * notice with a reload button when the status has changed since the page was loaded (no surprise reloads).
 */
(function () {
  'use strict';
  var zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    return;
  }
  var format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i++) {
    var at = new Date(times[i].getAttribute('datetime'));
    if (isNaN(at.getTime())) continue;
    times[i].title = times[i].textContent;
    times[i].textContent = format.format(at);
  }
  var note = document.getElementById('zone-note');
  if (note && zone) note.textContent = 'Times are shown in your time zone (' + zone + ').';

  var loaded = document.documentElement.getAttribute('data-updated');
  var live = document.getElementById('news');
  if (!loaded || !live || !window.fetch) return;
  setInterval(function () {
    fetch('/api/v2/status.json', { cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (status) {
        if (!status || status.page.updated_at === loaded || live.childElementCount > 0) return;
        var text = document.createElement('span');
        text.textContent = 'The status has changed since you opened this page. ';
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Show the latest';
        button.addEventListener('click', function () { window.location.reload(); });
        live.appendChild(text);
        live.appendChild(button);
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }, 30000);
})();

/* The subscription form: her own zone preselected, and the error summary focused when there is one (GOV.UK's pattern). */
(function () {
  'use strict';
  var select = document.querySelector('select[data-browser-zone]');
  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { /* no Intl: the page's zone stays */ }
  if (select && zone && !document.querySelector('[data-error-summary]')) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === zone) select.value = zone;
  }
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
