// Shows every <time datetime> in the reader's own time zone and way of writing dates, in the
// page's language. Without JavaScript the server's text stays: the time in UTC, marked so.
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'nl';
  var full = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  var short = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  function show(el) {
    var d = new Date(el.getAttribute('datetime'));
    if (isNaN(d.getTime()) || el.dataset.local) return;
    el.title = el.textContent;
    el.textContent = (el.classList.contains('short') ? short : full).format(d);
    el.dataset.local = '1';
  }
  document.querySelectorAll('time[datetime]').forEach(show);
})();
