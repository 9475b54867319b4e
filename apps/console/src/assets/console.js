/*
 * The console's enhancements. Every page works without this file; with it: errors get focus, times are shown in the
 * browser's zone, countdowns tick, delivery figures update live (server-sent events), promises about to be broken
 * raise an alert on the page and, when allowed, a browser notification, the campaign composer's audience figures and
 * previews follow the form, and a campaign's results are drawn (Chart.js) and follow while it runs.
 */
(function () {
  'use strict';

  // Pages show their no-script controls (e.g. "Update the figures") only when this file did not run.
  document.documentElement.classList.add('js');

  var ZONE_COOKIE = 'prespond-tz';

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { return 'UTC'; }
  }

  /** The server shows times in the zone this cookie names; forms say which zone their times are in. */
  function rememberZone() {
    var zone = browserZone();
    document.cookie = ZONE_COOKIE + '=' + encodeURIComponent(zone) + '; path=/; samesite=lax; max-age=31536000';
    document.querySelectorAll('[data-browser-zone]').forEach(function (input) { if (!input.value || input.value === 'UTC') input.value = zone; });
  }

  function minutesText(ms) {
    var minutes = Math.round(Math.abs(ms) / 60000);
    if (minutes < 1) return 'less than a minute';
    if (minutes < 90) return minutes + ' min';
    return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  /** "in 12 min", "overdue by 3 min": the time left before a promised update. */
  function tickCountdowns() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-countdown'));
      if (isNaN(due)) return;
      var left = due - now;
      el.textContent = left >= 0 ? 'in ' + minutesText(left) : 'overdue by ' + minutesText(left);
      el.classList.toggle('overdue', left < 0);
      el.classList.toggle('at-risk', left >= 0 && left < 5 * 60000);
    });
  }

  var COLUMNS = ['planned', 'queued', 'sent', 'delivered', 'failed', 'deferred'];

  function progressRow(row) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-row', row.key);
    [row.update, row.channelLabel].forEach(function (text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); });
    COLUMNS.forEach(function (col) { var td = document.createElement('td'); td.className = 'number'; td.setAttribute('data-col', col); tr.appendChild(td); });
    return tr;
  }

  /** Keeps a delivery table up to date from its server-sent events. */
  function liveTable(table) {
    if (!window.EventSource) return;
    var body = table.tBodies[0];
    var badge = document.getElementById('live-state');
    var source = new EventSource(table.getAttribute('data-live'));
    source.addEventListener('open', function () { if (badge) badge.hidden = false; });
    source.addEventListener('error', function () { if (badge) badge.hidden = true; });
    source.addEventListener('progress', function (event) {
      var rows = JSON.parse(event.data);
      rows.forEach(function (row) {
        var tr = body.querySelector('tr[data-row="' + CSS.escape(row.key) + '"]');
        if (!tr) { tr = progressRow(row); body.appendChild(tr); }
        COLUMNS.forEach(function (col) {
          var td = tr.querySelector('[data-col="' + col + '"]');
          var value = String(row[col]);
          if (td && td.textContent !== value) td.textContent = value;
        });
      });
      table.setAttribute('data-updated', String(Date.now()));
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  /** Shows the promises about to be broken at the top of every ops page; a browser notification when allowed. */
  function promiseAlerts(url) {
    var box = document.getElementById('live-alerts');
    if (!box || !window.EventSource) return;
    var source = new EventSource(url);
    source.addEventListener('at-risk', function (event) {
      var alerts = JSON.parse(event.data);
      box.textContent = '';
      alerts.forEach(function (alert) {
        var p = document.createElement('p');
        p.className = 'alert ' + alert.state;
        p.setAttribute('data-promise', alert.promiseId);
        var link = document.createElement('a');
        link.href = '/incidents/' + encodeURIComponent(alert.incidentId);
        link.textContent = alert.text;
        p.appendChild(link);
        box.appendChild(p);
        var key = 'prespond-notified-' + alert.promiseId + '-' + alert.state;
        try {
          if (window.Notification && Notification.permission === 'granted' && !sessionStorage.getItem(key)) {
            sessionStorage.setItem(key, '1');
            new Notification('Prespond: a promise to customers', { body: alert.text, tag: key });
          }
        } catch (e) { /* notifications are a bonus: the alert on the page is what counts */ }
      });
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  function notificationButton(button) {
    if (!window.Notification || Notification.permission === 'granted' || Notification.permission === 'denied') return;
    button.hidden = false;
    button.addEventListener('click', function () {
      Notification.requestPermission().then(function (answer) { if (answer !== 'default') button.hidden = true; });
    });
  }


  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function setText(el, value) {
    if (el && el.textContent !== String(value)) el.textContent = String(value);
  }

  /** POSTs a form's fields as the form itself would (CSRF token included) and answers the JSON. */
  function postForm(url, form) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken() },
      body: new URLSearchParams(new FormData(form)),
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }

  /**
   * The campaign composer: the audience figures follow the filter, the channels and the cap as they are edited, and
   * the previews follow the content and the customer chosen, without saving (the page's own buttons do the same
   * without this script).
   */
  function composer(form) {
    var figures = form.querySelector('[data-audience-figures]');
    var preview = form.querySelector('[data-preview]');
    var figuresAsked = 0;
    var previewAsked = 0;

    function showProblem(text) {
      var problem = figures.querySelector('[data-figures-problem]');
      setText(problem, text);
      problem.hidden = false;
      figures.querySelector('[data-figures-ok]').hidden = true;
    }

    function showFigures(f) {
      figures.querySelector('[data-figures-problem]').hidden = true;
      figures.querySelector('[data-figures-ok]').hidden = false;
      setText(figures.querySelector('[data-figure="size"]'), f.size);
      ['sms', 'email'].forEach(function (channel) {
        var row = figures.querySelector('[data-channel-row="' + channel + '"]');
        row.hidden = typeof f[channel] !== 'string';
        setText(row.querySelector('[data-figure="' + channel + '"]'), f[channel] || '0');
      });
      setText(figures.querySelector('[data-figure="matchingText"]'), f.matchingText);
      f.exclusions.forEach(function (e) { setText(figures.querySelector('[data-exclusion="' + e.key + '"]'), e.count); });
      var note = figures.querySelector('[data-figure="note"]');
      setText(note, f.note || '');
      note.hidden = !f.note;
      showSample(f.sample);
    }

    /** The preview's choice of customers follows the audience; her previews follow a new choice. */
    function showSample(sample) {
      var select = form.querySelector('select[name="previewFor"]');
      if (!select || !sample.length) return;
      var current = select.value;
      var same = sample.length === select.options.length && sample.every(function (s, i) { return select.options[i].value === s.id; });
      if (same) return;
      select.textContent = '';
      sample.forEach(function (s) {
        var option = document.createElement('option');
        option.value = s.id;
        option.textContent = s.label;
        select.appendChild(option);
      });
      var keep = sample.some(function (s) { return s.id === current; });
      var both = sample.filter(function (s) { return s.both; })[0];
      select.value = keep ? current : (both || sample[0]).id;
      if (select.value !== current) previewSoon();
    }

    function refreshFigures() {
      var asked = ++figuresAsked;
      var started = performance.now();
      figures.setAttribute('aria-busy', 'true');
      postForm(figures.getAttribute('data-url'), form)
        .then(function (answer) {
          if (asked !== figuresAsked) return;
          if (answer.problem) showProblem(answer.problem);
          else showFigures(answer.figures);
          figures.setAttribute('data-took-ms', String(Math.round(performance.now() - started)));
        })
        .catch(function () { if (asked === figuresAsked) showProblem(figures.getAttribute('data-unavailable')); })
        .then(function () {
          if (asked !== figuresAsked) return;
          figures.removeAttribute('aria-busy');
          figures.setAttribute('data-updated', String(asked));
        });
    }

    function showPreview(answer) {
      var note = preview.querySelector('[data-preview-note]');
      setText(note, answer.note || '');
      note.hidden = !answer.note;
      ['sms', 'email'].forEach(function (channel) {
        var message = answer[channel] || {};
        var text = preview.querySelector('[data-preview-text="' + channel + '"]');
        setText(text, message.text || '');
        if (channel === 'sms') text.hidden = !message.text;
        var channelNote = preview.querySelector('[data-preview-channel-note="' + channel + '"]');
        setText(channelNote, message.note || '');
        channelNote.hidden = !message.note;
      });
      setText(preview.querySelector('[data-preview-subject]'), (answer.email && answer.email.subject) || '');
      var html = preview.querySelector('[data-email-html]');
      var hasHtml = Boolean(answer.email && answer.email.hasHtml);
      if (html) html.hidden = !hasHtml;
      // The HTML version: the form posted into the preview's frame (its own page, its own policy).
      var frameButton = preview.querySelector('[data-email-refresh]');
      if (hasHtml && frameButton && form.requestSubmit) form.requestSubmit(frameButton);
    }

    function refreshPreview() {
      var select = form.querySelector('select[name="previewFor"]');
      if (!preview || !select || !select.value) return;
      var asked = ++previewAsked;
      postForm(preview.getAttribute('data-url'), form)
        .then(function (answer) { if (asked === previewAsked) showPreview(answer); })
        .catch(function () { /* the preview keeps what it showed; the page's button still works */ })
        .then(function () { if (asked === previewAsked) preview.setAttribute('data-updated', String(asked)); });
    }

    var figuresSoon = debounce(refreshFigures, 250);
    var previewSoon = debounce(refreshPreview, 400);
    function edited(event) {
      var field = event.target;
      if (!field || !field.closest) return;
      if (field.closest('[data-affects-audience]')) figuresSoon();
      if (field.closest('[data-affects-preview]') || field.name === 'previewFor') previewSoon();
    }
    form.addEventListener('input', edited);
    form.addEventListener('change', edited);
  }

  var CHART_COLOURS = { sms: '#0b57d0', email: '#1e6b35' };

  /** A campaign's results as grouped bars per channel (the table beside it has the same figures). */
  function resultsChart(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!window.Chart || !source) return null;
    var data = JSON.parse(source.textContent);
    return new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) { return { label: s.label, data: s.values, backgroundColor: CHART_COLOURS[s.channel] || '#4b5563' }; }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  /** While a campaign runs, its results follow without a reload (every 5 seconds, while the page is visible). */
  function liveResults(table, chart) {
    var url = table.getAttribute('data-live-results');
    var state = document.getElementById('campaign-state');
    var timer = setInterval(function () {
      if (document.hidden) return;
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (view) {
          if (!view) return;
          view.rows.forEach(function (row) {
            var tr = table.querySelector('tr[data-channel="' + row.channel + '"]');
            if (tr) row.cells.forEach(function (cell) { setText(tr.querySelector('[data-col="' + cell.col + '"]'), cell.value); });
          });
          if (chart) {
            view.chart.series.forEach(function (s, i) { if (chart.data.datasets[i]) chart.data.datasets[i].data = s.values; });
            chart.update();
          }
          setText(state, view.stateLabel);
          table.setAttribute('data-updated', String(Date.now()));
          if (view.state === 'completed' || view.state === 'cancelled') clearInterval(timer);
        })
        .catch(function () { /* the figures stay as they were; the next round tries again */ });
    }, 5000);
  }

  var DELIVERY_COLOURS = { smsAccepted: '#0b57d0', smsDelivered: '#1e6b35', emailAccepted: '#8a5300' };
  var DELIVERY_DASHES = { smsAccepted: [], smsDelivered: [8, 4], emailAccepted: [3, 3] };

  /**
   * The incident report's delivery over time (Chart.js lines, from the JSON beside the canvas). The table with the
   * same figures stays, folded, for screen readers and for anyone who wants the numbers.
   */
  function deliveryChart(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart-source'));
    if (!window.Chart || !source) return;
    var data = JSON.parse(source.textContent);
    var box = canvas.closest('[data-chart-box]');
    if (box) box.hidden = false;
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.values, borderColor: DELIVERY_COLOURS[s.key], backgroundColor: DELIVERY_COLOURS[s.key], borderDash: DELIVERY_DASHES[s.key], borderWidth: 3, pointRadius: 2, tension: 0 };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.setAttribute('data-drawn', 'true');
    var table = document.querySelector('details[data-chart-table]');
    if (table) table.open = false;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var alertsUrl = document.body.getAttribute('data-promise-alerts');
    if (alertsUrl) promiseAlerts(alertsUrl);
    document.querySelectorAll('[data-enable-notifications]').forEach(notificationButton);
    rememberZone();
    var summary = document.querySelector('[data-focus-on-load]');
    if (summary) {
      summary.focus();
      // A link of the error summary takes the person to the field itself, ready to type (GOV.UK's pattern).
      summary.addEventListener('click', function (event) {
        var link = event.target.closest && event.target.closest('a[href^="#"]');
        var target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
        if (!target) return;
        var field = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
        if (!field) return;
        event.preventDefault();
        var label = document.querySelector('label[for="' + field.id + '"]') || target;
        label.scrollIntoView();
        field.focus({ preventScroll: true });
      });
    }
    tickCountdowns();
    if (document.querySelector('[data-countdown]')) setInterval(tickCountdowns, 1000);
    document.querySelectorAll('table[data-live]').forEach(liveTable);
    document.querySelectorAll('canvas[data-chart-source]').forEach(deliveryChart);
    document.querySelectorAll('form[data-composer]').forEach(composer);
    var chart = null;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) { chart = resultsChart(canvas); });
    document.querySelectorAll('table[data-live-results]').forEach(function (table) { liveResults(table, chart); });
  });
})();
