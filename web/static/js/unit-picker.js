// The unit picker, where JavaScript runs: as the person types, the units they may choose
// appear in a list (an ARIA combobox); choosing one fills the hidden code. Without JavaScript
// the form is sent as typed and the server answers with the matches to choose from.
(function () {
  'use strict';
  if (window.cdsUnitPicker) return;  // the partial may load this file more than once
  window.cdsUnitPicker = true;

  function enhance(box) {
    var field = box.getAttribute('data-field');
    var input = box.querySelector('input[type="text"]');
    var hidden = box.querySelector('input[type="hidden"][name="' + field + '"]');
    if (!input || !hidden) return;  // the list of choices is showing: nothing to add
    var list = document.createElement('ul');
    list.id = input.id + '-list';
    list.className = 'unit-options';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    box.insertBefore(list, input.nextSibling);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var options = [], active = -1, timer = null, asked = '';

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function choose(unit) {
      hidden.value = unit.code;
      input.value = unit.full_name;
      close();
    }
    function highlight(n) {
      options.forEach(function (li, i) { li.setAttribute('aria-selected', i === n ? 'true' : 'false'); });
      active = n;
      if (n >= 0) input.setAttribute('aria-activedescendant', options[n].id);
    }
    function show(units) {
      list.textContent = '';
      options = units.map(function (unit, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.textContent = unit.full_name;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(unit); });
        list.appendChild(li);
        return li;
      });
      if (!units.length) {
        var none = document.createElement('li');
        none.className = 'muted';
        none.textContent = box.getAttribute('data-empty');
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      list.units = units;
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      asked = q;
      fetch('/api/v1/me/units?q=' + encodeURIComponent(q) +
            (box.hasAttribute('data-villages') ? '&villages=1' : ''), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { units: [] }; })
        .then(function (data) { if (asked === q) show(data.units || []); })
        .catch(close);
    }
    input.addEventListener('input', function () {
      hidden.value = '';  // what is typed no longer names the chosen unit
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden || !options.length) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight((active + 1) % options.length); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight((active + options.length - 1) % options.length); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(list.units[active]); }
      else if (e.key === 'Escape') close();
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-unit-picker]'), enhance);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
