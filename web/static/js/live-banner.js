// Live warnings: the banner the server rendered is kept current from /events (Server-Sent
// Events) without reloading. New warnings appear at the top, a cancelled one disappears. On
// the news page, a new article is announced above the list; on a village's board, a new
// notice above its notices (an important one on any page); on a notice's coverage page the
// figures follow the households' acknowledgements. The page works without this script: the
// banner is in the HTML of every page, the rest after a reload.
(function () {
  'use strict';
  var banner = document.getElementById('alert-banner');
  if (!banner || typeof window.EventSource !== 'function') return;
  var list = banner.querySelector('[aria-live]');
  var lang = document.documentElement.lang || 'vi';
  var query = [];
  // A village's board listens for its village (the commune's and province's come with it).
  var board = document.getElementById('notices-live');
  var unit = (board && board.dataset.unit) || banner.dataset.unit;
  if (unit) query.push('unit=' + encodeURIComponent(unit));
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

  // A new notice: on its board, at the top of the list; elsewhere only an important one.
  source.addEventListener('notice', function (e) {
    var notice = parsed(e);
    if (!notice || !notice.link) return;
    var main = document.querySelector('main');
    var where = board || (notice.important ? main : null);
    if (!where || document.querySelector('main a[href="' + notice.link + '"]')) return;
    var p = document.createElement('p');
    p.className = 'notice' + (notice.important ? ' notice-important' : '');
    p.setAttribute('role', 'status');
    var strong = document.createElement('strong');
    strong.textContent = (board && board.dataset.label) || banner.dataset.noticeLabel || '';
    var a = document.createElement('a');
    a.href = notice.link;
    a.textContent = notice.title || '';
    p.append(strong, ' ', a);
    where.prepend(p);
    // The board said it had nothing: it has now.
    var empty = board && document.querySelector('main .empty');
    if (empty) empty.hidden = true;
  });
  // The author: a household acknowledged; the coverage figures are read again.
  var coverage = document.getElementById('coverage');
  if (coverage) {
    source.addEventListener('notice_ack', function (e) {
      var ack = parsed(e);
      if (!ack || String(ack.notice) !== coverage.dataset.notice) return;
      fetch('/api/v1/notices/' + String(Number(ack.notice)) + '/coverage', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c) return;
          coverage.querySelectorAll('[data-coverage]').forEach(function (el) {
            var key = el.dataset.coverage;
            if (key === 'summary') {
              var text = coverage.dataset.summary || '';
              el.textContent = text.replace('{households}', c.households).replace('{read}', c.read)
                .replace('{acknowledged}', c.acknowledged).replace('{visited}', c.visited)
                .replace('{unreached}', c.unreached).replace('{without}', c.without_members);
            } else if (key in c) {
              el.textContent = String(c[key]);
            }
          });
        })
        .catch(function () { /* the figures stay as they were; a reload shows them */ });
    });
  }

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
