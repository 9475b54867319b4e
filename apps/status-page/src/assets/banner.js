/*
 * Prespond status banner: put it on your own site with
 *   <script src="https://status.example.com/embed/banner.js" data-components="internet,tv" async></script>
 * While an incident or maintenance touches one of those components (all of them when the attribute is left out), a
 * banner at the top of the page says so and links to the status page; the reader can dismiss it (until that incident
 * or maintenance changes). It draws inside a shadow root (the host page's styles and ours never meet), defines
 * one global (PrespondStatusBanner: refresh() and version) and reads the status page's /embed/status.json, which
 * the status page serves to any origin.
 */
(function () {
  'use strict';
  if (window.PrespondStatusBanner) return;
  var script = document.currentScript;
  if (!script || !script.src || !window.fetch) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var watched = (script.getAttribute('data-components') || '').split(',').map(function (s) { return s.trim().toLowerCase(); }).filter(Boolean);
  var storageKey = 'prespond-status-banner-dismissed:' + origin;
  var host = null;
  var root = null;
  var CSS = [
    ':host { all: initial; display: block; }',
    '.bar { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #fff; display: flex; align-items: flex-start; gap: 12px; padding: 10px 16px; }',
    '.incident { background: #bc4c00; } .critical { background: #cf222e; } .minor { background: #7d5300; } .maintenance { background: #0969da; }',
    '.text { flex: 1; margin: 0; } .text strong { font-weight: 700; } a { color: #fff; font-weight: 600; text-decoration: underline; }',
    'button { font: inherit; color: #fff; background: transparent; border: 2px solid #fff; border-radius: 3px; padding: 0 8px; cursor: pointer; line-height: 1.6; }',
    'a:focus-visible, button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }'
  ].join('\n');

  function dismissed() {
    try { return JSON.parse(localStorage.getItem(storageKey) || '[]'); } catch (e) { return []; }
  }
  function dismiss(key) {
    var keys = dismissed().concat([key]).slice(-50);
    try { localStorage.setItem(storageKey, JSON.stringify(keys)); } catch (e) { /* private mode: dismissed for this page view only */ }
  }
  function touches(item) {
    if (watched.length === 0) return true;
    return item.components.some(function (c) { return watched.indexOf(c.toLowerCase()) >= 0; });
  }
  function clear() {
    if (host && host.parentNode) host.parentNode.removeChild(host);
    host = null;
    root = null;
  }
  function draw(items, status) {
    var dismissedKeys = dismissed();
    var shown = items.filter(function (i) { return touches(i) && dismissedKeys.indexOf(i.id + '@' + i.updatedAt) < 0; });
    clear();
    if (shown.length === 0) return;
    var item = shown[0];
    host = document.createElement('div');
    host.setAttribute('data-prespond-status-banner', '');
    root = host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }
    var bar = document.createElement('div');
    bar.className = 'bar ' + (item.kind === 'maintenance' ? 'maintenance' : 'incident ' + item.severity);
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', status.page.name + ' service status');
    var text = document.createElement('p');
    text.className = 'text';
    var title = document.createElement('strong');
    title.textContent = item.headline;
    text.appendChild(title);
    text.appendChild(document.createTextNode(' ' + item.title + (shown.length > 1 ? ' (and ' + (shown.length - 1) + ' more)' : '') + '. '));
    var link = document.createElement('a');
    link.href = item.url;
    link.textContent = 'See the status page';
    text.appendChild(link);
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss this notice');
    close.addEventListener('click', function () {
      shown.forEach(function (i) { dismiss(i.id + '@' + i.updatedAt); });
      clear();
    });
    bar.appendChild(text);
    bar.appendChild(close);
    root.appendChild(bar);
    document.body.insertBefore(host, document.body.firstChild);
  }
  function refresh() {
    return fetch(origin + '/embed/status.json', { credentials: 'omit', cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (status) { if (status) draw(status.items, status); })
      .catch(function () { /* the status page is unreachable: leave the host page as it is */ });
  }
  window.PrespondStatusBanner = { refresh: refresh, version: 1 };
  if (document.body) refresh();
  else document.addEventListener('DOMContentLoaded', refresh);
  setInterval(refresh, 60000);
})();
