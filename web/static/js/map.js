// Maps, where JavaScript runs: a point picker on the report form (with the open reports of the
// same category within 250 m, so a citizen can say "me too" instead of filing again) and the
// reports of the current page on the list. Without JavaScript the pages work as they are.
(function () {
  'use strict';
  if (typeof L === 'undefined') return;
  var center = [22.05, 104.35];  // Lào Cai (2025), between Sa Pa and Yên Bái

  function baseMap(el, zoom) {
    el.hidden = false;
    var map = L.map(el).setView(center, zoom);
    map.attributionControl.setPrefix('Leaflet');  // plain text: a bare link fails contrast rules
    window.cdsTiles(map, el);
    var hint = document.getElementById(el.id + '-hint');
    if (hint) hint.hidden = false;
    return map;
  }

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  // The report form: click to place the problem; nearby open reports are listed.
  var picker = document.getElementById('map');
  if (picker) {
    var map = baseMap(picker, 9);
    var marker = null;
    var lat = document.getElementById('lat');
    var lon = document.getElementById('lon');
    var nearby = document.getElementById('nearby');
    var token = document.querySelector('input[name=_csrf]').value;
    var unit = document.getElementById('unit_code');
    map.on('click', function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      // With a pin the commune is optional: the server finds it from the boundaries, or an
      // officer places the report.
      if (unit) {
        unit.required = false;
        if (unit.options.length && picker.dataset.pinText) unit.options[0].text = picker.dataset.pinText;
      }
      if (marker) marker.setLatLng(e.latlng); else marker = L.marker(e.latlng).addTo(map);
      var url = '/api/v1/reports/nearby?category=' + encodeURIComponent(picker.dataset.category) +
                '&lat=' + lat.value + '&lon=' + lon.value;
      fetch(url).then(function (r) { return r.json(); }).then(function (doc) {
        nearby.textContent = '';
        if (!doc.reports || !doc.reports.length) return;
        nearby.appendChild(text('p', picker.dataset.nearbyText, 'notice'));
        doc.reports.forEach(function (r) {
          var item = document.createElement('div');
          item.className = 'report-card';
          var link = text('a', r.description);
          link.href = '/phan-anh/' + r.id;
          item.appendChild(link);
          var form = document.createElement('form');
          form.method = 'post';
          form.action = '/phan-anh/' + r.id + '/ung-ho';
          var hidden = document.createElement('input');
          hidden.type = 'hidden'; hidden.name = '_csrf'; hidden.value = token;
          form.appendChild(hidden);
          var button = text('button', picker.dataset.meTooText, 'secondary');
          button.type = 'submit';
          form.appendChild(button);
          item.appendChild(form);
          nearby.appendChild(item);
        });
      }).catch(function () { /* the list is a help, not a requirement */ });
    });
  }

  // The list: the reports of this page that have a place.
  var listMap = document.getElementById('reports-map');
  if (listMap) {
    var points = Array.prototype.slice.call(document.querySelectorAll('[data-lat]'));
    if (!points.length) return;
    var m = baseMap(listMap, 8);
    var reports = points.map(function (p) {
      return { ll: L.latLng(parseFloat(p.dataset.lat), parseFloat(p.dataset.lon)),
               title: p.dataset.title, href: p.dataset.href };
    });
    // Reports whose markers would overlap at this zoom share one marker, whose popup lists
    // them all: overlapping markers cannot be told apart or tapped (a pin is 25 × 41 px).
    var layer = L.layerGroup().addTo(m);
    var draw = function () {
      layer.clearLayers();
      var groups = [];
      reports.forEach(function (r) {
        var at = m.latLngToLayerPoint(r.ll);
        var group = groups.find(function (g) {
          return Math.abs(g.at.x - at.x) < 26 && Math.abs(g.at.y - at.y) < 42;
        });
        if (group) group.reports.push(r); else groups.push({ at: at, ll: r.ll, reports: [r] });
      });
      groups.forEach(function (g) {
        var popup = document.createElement('ul');
        popup.className = 'map-popup-list';
        g.reports.forEach(function (r) {
          var item = document.createElement('li');
          var link = text('a', r.title);
          link.href = r.href;
          item.appendChild(link);
          popup.appendChild(item);
        });
        var title = g.reports.length > 1 ? g.reports.length + ' · ' + g.reports[0].title : g.reports[0].title;
        L.marker(g.ll, { title: title, alt: title }).addTo(layer).bindPopup(popup);
      });
    };
    m.on('zoomend', draw);
    m.fitBounds(reports.map(function (r) { return r.ll; }), { maxZoom: 14, padding: [20, 20] });
    draw();
  }
})();
