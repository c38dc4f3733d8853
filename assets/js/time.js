// The server writes every time in the reader's time zone: their account's, Europe/Amsterdam
// until they choose. This script (1) reports the browser's zone once for someone logged in who
// has not chosen one, so that the next pages come in it, and (2) for a visitor (or that person,
// this once) whose browser is in another zone than the page, rewrites each <time datetime> by the same rules as the server:
// the time only for today, day, month and time this year, the full date before.
(function () {
  'use strict';
  var root = document.documentElement;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var report = document.querySelector('meta[name="kw-time-zone"]');
  if (report && window.fetch) {
    fetch(report.content, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=' + encodeURIComponent(report.dataset.csrf) + '&time_zone=' + encodeURIComponent(zone)
    }).catch(function () {});
  }
  // A zone the person chose (or reported earlier) is theirs: the server already used it.
  window.kwartierZone = root.dataset.tzFixed ? root.dataset.tz : zone;
  if (window.kwartierZone === root.dataset.tz) return;
  var lang = root.lang || 'nl';
  var full = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  var clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  var dayMonth = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  var now = new Date();
  function show(el) {
    var d = new Date(el.getAttribute('datetime'));
    if (isNaN(d.getTime()) || el.dataset.local) return;
    var text = full.format(d);
    if (el.classList.contains('short')) {
      if (d.toDateString() === now.toDateString()) text = clock.format(d);
      else if (d.getFullYear() === now.getFullYear()) text = dayMonth.format(d);
    }
    el.title = full.format(d);
    el.textContent = text;
    el.dataset.local = '1';
  }
  document.querySelectorAll('time[datetime]').forEach(show);
  window.kwartierTime = show;
})();
