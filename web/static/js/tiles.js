// The map's background for every map of the site: the tile server the operator chose
// (serve --map-tiles, read from the page's <body data-map-tiles>), and what to do when its
// tiles cannot be loaded (no network, a blocked server): the grey box is replaced by a note
// that points to the fields that do the same without a map.
(function () {
  'use strict';
  window.cdsTiles = function (map, el) {
    var body = document.body.dataset;
    var layer = L.tileLayer(body.mapTiles || 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 18,
      attribution: body.mapAttribution || '© OpenStreetMap'
    }).addTo(map);
    var loaded = 0, failed = 0, told = false;
    layer.on('tileload', function () { loaded += 1; });
    layer.on('tileerror', function () {
      failed += 1;
      if (told || loaded > 0 || failed < 3) return;
      told = true;
      var note = document.createElement('p');
      note.className = 'notice map-failed';
      note.setAttribute('role', 'status');
      note.textContent = el.dataset.failedText || '';
      el.hidden = true;
      var hint = document.getElementById(el.id + '-hint');
      if (hint) hint.hidden = true;
      el.parentNode.insertBefore(note, el.nextSibling);
    });
    return layer;
  };
})();
