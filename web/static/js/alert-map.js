// A warning's area on its page and on the approval page: the drawn polygon or circle, and the
// communes' boundaries where the province imported them, from the map element's data-area
// (GeoJSON). Looking only: the communes are named in the text above, with or without it.
(function () {
  'use strict';
  var el = document.getElementById('alert-map');
  if (!el || typeof L === 'undefined') return;
  var area;
  try { area = JSON.parse(el.dataset.area); } catch (e) { return; }
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false }).setView([22.05, 104.35], 8);
  map.attributionControl.setPrefix('Leaflet');
  window.cdsTiles(map, el);
  var shapes = L.geoJSON(area, {
    style: function (f) {
      return f.properties.kind === 'commune'
        ? { color: '#0b5d3b', weight: 2, fillOpacity: 0.08 }
        : { color: '#a4000f', weight: 3, fillOpacity: 0.15 };
    },
    pointToLayer: function (f, latlng) {
      return L.circle(latlng, { radius: f.properties.radius_m || 0, color: '#a4000f', weight: 3, fillOpacity: 0.15 });
    },
    interactive: false
  }).addTo(map);
  var bounds = shapes.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 14 });
})();
