(function () {
  'use strict';
  var bar = document.getElementById('filters');
  if (!bar) { return; }
  function apply() {
    var on = {};
    bar.querySelectorAll('input[type=checkbox]').forEach(function (c) { on[c.value] = c.checked; });
    var shown = 0;
    document.querySelectorAll('tr[data-s]').forEach(function (r) {
      var show = on['s:' + r.getAttribute('data-s')] !== false && on['r:' + r.getAttribute('data-r')] !== false;
      r.hidden = !show;
      var next = r.nextElementSibling;
      if (next && next.classList.contains('detail')) { next.hidden = !show; }
      if (show) { shown++; }
    });
    document.getElementById('shown').textContent = String(shown);
  }
  function hosts(open) {
    document.querySelectorAll('details.host').forEach(function (d) { d.open = open; });
  }
  bar.addEventListener('change', apply);
  document.getElementById('expand').addEventListener('click', function () { hosts(true); });
  document.getElementById('collapse').addEventListener('click', function () { hosts(false); });
  window.addEventListener('beforeprint', function () { hosts(true); });
  apply();
})();
