// The answer to a warning: where the phone allows it, its position goes with the answer, so
// that officers can find a resident who needs help. Asked only when the resident answers; the
// answer goes anyway after 5 seconds or a refusal. Without JavaScript it goes without one.
(function () {
  'use strict';
  var form = document.getElementById('answer-form');
  if (!form || !navigator.geolocation) return;
  var asked = false;
  form.addEventListener('submit', function (e) {
    if (asked || form.elements.lat.value) return;
    e.preventDefault();
    asked = true;
    var button = e.submitter;
    var send = function () { form.requestSubmit(button); };
    navigator.geolocation.getCurrentPosition(function (p) {
      form.elements.lat.value = p.coords.latitude.toFixed(6);
      form.elements.lon.value = p.coords.longitude.toFixed(6);
      send();
    }, send, { timeout: 5000, maximumAge: 120000 });
  });
})();
