// The new-group form: while the web address is left alone, it follows the name (as the server
// does for an empty one). Without this script the server fills it in when the form is sent.
(function () {
  'use strict';
  var name = document.getElementById('f-name');
  var slug = document.getElementById('f-slug');
  if (!name || !slug) return;
  var touched = slug.value !== '';
  var plain = { 'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
    'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o',
    'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ç': 'c', 'ñ': 'n' };
  function fromName(text) {
    var out = '';
    Array.from(text.toLowerCase()).forEach(function (c) {
      var p = plain[c] || (/[a-z0-9]/.test(c) ? c : '-');
      if (p !== '-' || out.slice(-1) !== '-') out += p;
    });
    return out.replace(/^-+|-+$/g, '').slice(0, 39).replace(/-+$/, '');
  }
  slug.addEventListener('input', function () { touched = slug.value !== ''; });
  name.addEventListener('input', function () { if (!touched) slug.value = fromName(name.value); });
})();
