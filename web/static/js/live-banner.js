// Live warnings: the banner the server rendered is kept current from /events (Server-Sent
// Events) without reloading. New warnings appear at the top, a cancelled one disappears. On
// the news page, a new article is announced above the list. The page works without this
// script: the banner is in the HTML of every page, the news in the list after a reload.
(function () {
  'use strict';
  var banner = document.getElementById('alert-banner');
  if (!banner || typeof window.EventSource !== 'function') return;
  var list = banner.querySelector('[aria-live]');
  var lang = document.documentElement.lang || 'vi';
  var query = [];
  if (banner.dataset.unit) query.push('unit=' + encodeURIComponent(banner.dataset.unit));
  if (banner.dataset.after) query.push('after=' + encodeURIComponent(banner.dataset.after));
  var source = new EventSource('/events' + (query.length ? '?' + query.join('&') : ''));

  function item(id) {
    return list.querySelector('[data-alert-id="' + String(Number(id)) + '"]');
  }

  function label(status) {
    if (status === 'Exercise') return banner.dataset.labelExercise;
    if (status === 'Test') return banner.dataset.labelTest;
    return banner.dataset.labelActual;
  }

  function show(alert) {
    if (item(alert.id)) return;
    var p = document.createElement('p');
    p.className = 'alert-banner-item' + (alert.status === 'Actual' ? '' : ' exercise');
    p.dataset.alertId = String(alert.id);
    var a = document.createElement('a');
    a.href = alert.link;
    a.textContent = (alert.headline && (alert.headline[lang] || alert.headline.vi)) || '';
    var span = document.createElement('span');
    span.textContent = alert.area || '';
    // The label once: not when the headline already says it ("Diễn tập: …").
    var said = label(alert.status);
    if (a.textContent.toLocaleLowerCase().indexOf(String(said).toLocaleLowerCase()) < 0) {
      var strong = document.createElement('strong');
      strong.textContent = said;
      p.append(strong, ' ');
    }
    p.append(a, ' ', span);
    list.prepend(p);
  }

  // An event's JSON, or null for one that does not parse.
  function parsed(e) {
    try {
      return JSON.parse(e.data);
    } catch (err) {
      return null;
    }
  }

  source.addEventListener('alert', function (e) {
    var alert = parsed(e);
    if (!alert) return;
    // A Cancel takes its alert away; an Update takes the place of the one it replaces.
    var gone = item(alert.msg_type === 'Cancel' ? alert.cancels : alert.replaces);
    if (gone) gone.remove();
    if (alert.msg_type !== 'Cancel') show(alert);
    banner.hidden = !list.querySelector('.alert-banner-item');
  });

  // Officers: a resident of a commune they follow needs help (their own stream only).
  source.addEventListener('help', function (e) {
    var call = parsed(e);
    var main = document.querySelector('main');
    if (!call || !main) return;
    var p = document.createElement('p');
    p.className = 'error help-live';
    p.setAttribute('role', 'alert');
    var a = document.createElement('a');
    a.href = call.link;
    a.textContent = banner.dataset.helpSee;
    p.append(banner.dataset.helpLabel + ' ' + (call.unit_name || '') + '. ', a);
    main.prepend(p);
  });
  // The resident: an officer took their call for help.
  source.addEventListener('help_taken', function (e) {
    var taken = parsed(e);
    var status = document.getElementById('help-status');
    if (!taken || !status || status.dataset.alert !== String(taken.alert)) return;
    status.textContent = status.dataset.takenText + ' ' + (taken.at || '');
  });

  var fresh = document.getElementById('news-live');
  if (!fresh) return;
  source.addEventListener('news', function (e) {
    var article = parsed(e);
    if (!article) return;
    var link = '/tin-tuc/' + String(Number(article.id));
    if (document.querySelector('main a[href="' + link + '"]')) return;  // listed already
    var p = document.createElement('p');
    p.className = 'notice';
    var strong = document.createElement('strong');
    strong.textContent = fresh.dataset.label;
    var a = document.createElement('a');
    a.href = link;
    a.textContent = article.title || '';
    p.append(strong, ' ', a);
    fresh.prepend(p);
  });
})();
