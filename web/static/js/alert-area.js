// Drawing an alert's area on the map of the drafting form: each click adds a corner, the
// shape closes itself, a button clears it. The corners go into the hidden "polygon" field as
// CAP writes them ("lat,lon lat,lon …"). Without JavaScript the communes' checkboxes are the area.
(function () {
  'use strict';
  var el = document.getElementById('area-map');
  var field = document.getElementById('polygon');
  if (!el || !field || typeof L === 'undefined') return;
  el.hidden = false;
  var map = L.map(el).setView([22.05, 104.35], 8);
  map.attributionControl.setPrefix('Leaflet');
  window.cdsTiles(map, el);
  var corners = [];
  var shape = null;

  function draw() {
    if (shape) map.removeLayer(shape);
    shape = corners.length ? L.polygon(corners, { color: '#a4000f' }).addTo(map) : null;
    field.value = corners.map(function (c) {
      return c[0].toFixed(5) + ',' + c[1].toFixed(5);
    }).join(' ');
  }

  field.value.split(' ').forEach(function (pair) {
    var p = pair.split(',');
    if (p.length === 2 && !isNaN(parseFloat(p[0])) && !isNaN(parseFloat(p[1])))
      corners.push([parseFloat(p[0]), parseFloat(p[1])]);
  });
  // A closed drawing coming back from the server: its repeated first corner is dropped.
  if (corners.length > 3) {
    var a = corners[0], b = corners[corners.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) corners.pop();
  }
  draw();
  if (shape) map.fitBounds(shape.getBounds());

  map.on('click', function (e) {
    corners.push([e.latlng.lat, e.latlng.lng]);
    draw();
  });

  var hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = el.dataset.hintText;
  var clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'secondary';
  clear.textContent = el.dataset.clearText;
  clear.addEventListener('click', function () {
    corners = [];
    draw();
  });
  el.after(hint, clear);
})();
