// imhook console: polls the console's JSON API and shows it. Every value is inserted as text (textContent), never
// as markup; the page's Content-Security-Policy allows no inline script, so this file is all the script there is.
(function () {
  'use strict';
  var base = document.body.dataset.base;
  var POLL_MS = 1500;
  var TOKEN_KEY = 'imhook.console.token';
  var OUTCOMES = ['allowed', 'denied', 'modified', 'failedProceeded', 'failedBlocked', 'queued', 'skipped'];
  var COLOURS = ['#1b7f3b', '#b00020', '#3b5bdb', '#e8a33d', '#7b1fa2', '#0097a7', '#9e9e9e'];
  var charts = {};
  var deliveries = [];
  var selected = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function Unauthorized() { this.name = 'Unauthorized'; }

  function api(path, method) {
    var headers = { 'Accept': 'application/json' };
    var t = token();
    if (t) { headers.Authorization = 'Bearer ' + t; }
    return fetch(base + '/api' + path, { method: method || 'GET', headers: headers, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) { throw new Unauthorized(); }
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.message || ('HTTP ' + response.status)); }
          return body;
        });
      });
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (name) {
      if (params[name]) { parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(params[name])); }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function text(value) { return value === null || value === undefined ? '' : String(value); }

  function cell(row, value, className) {
    var td = document.createElement('td');
    td.textContent = text(value);
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  function button(label, action) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', function (event) { event.stopPropagation(); action(b); });
    return b;
  }

  function replaceRows(tbody, rows) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  function fields(dl, pairs) {
    while (dl.firstChild) { dl.removeChild(dl.firstChild); }
    pairs.forEach(function (pair) {
      var wrap = document.createElement('div');
      var dt = document.createElement('dt');
      var dd = document.createElement('dd');
      dt.textContent = pair[0];
      dd.textContent = text(pair[1]);
      wrap.appendChild(dt);
      wrap.appendChild(dd);
      dl.appendChild(wrap);
    });
  }

  function showSignIn() {
    // a token that was sent and refused is dropped, and said so
    $('sign-in-error').textContent = token() ? 'That token was refused.' : '';
    sessionStorage.removeItem(TOKEN_KEY);
    $('console').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    status('sign-in needed', true);
  }

  function status(message, bad) {
    $('status').textContent = message;
    $('status').className = bad ? 'status bad' : 'status';
  }

  function chart(id, title, series, data) {
    var el = $(id);
    var width = Math.max(320, Math.min(720, el.parentNode.clientWidth / 2 - 16));
    if (!charts[id]) {
      // every chart spans the last 15 minutes, also while the page has only a few samples of its own
      var lastQuarter = function () { var now = Date.now() / 1000; return [now - 900, now]; };
      charts[id] = new uPlot({ title: title, width: width, height: 220,
        scales: { x: { time: true, range: lastQuarter } }, series: [{}].concat(series) }, data, el);
    } else {
      charts[id].setData(data);
    }
  }

  function showNow(now) {
    var data = [now.seconds];
    OUTCOMES.forEach(function (outcome) { data.push(now.counts[outcome]); });
    chart('chart-decisions', 'decisions per second', OUTCOMES.map(function (outcome, i) {
      return { label: outcome, stroke: COLOURS[i], width: 1.5 };
    }), data);
    chart('chart-latency', 'round trip, ms', [
      { label: 'p50', stroke: '#3b5bdb', points: { show: true, size: 4 } },
      { label: 'p99', stroke: '#b00020', points: { show: true, size: 4 } }], [now.seconds, now.p50Ms, now.p99Ms]);
  }

  function showRecent(rows) {
    replaceRows(document.querySelector('#recent-table tbody'), rows.map(function (d) {
      var tr = document.createElement('tr');
      tr.dataset.id = d.id;
      if (selected === d.id) { tr.className = 'selected'; }
      cell(tr, d.at.replace('T', ' ').replace('Z', ''));
      cell(tr, d.key);
      cell(tr, d.operationID, 'operation-id');
      cell(tr, d.ingress);
      cell(tr, d.outcome, 'outcome');
      cell(tr, d.reason);
      cell(tr, d.status < 0 ? '' : d.status);
      cell(tr, d.elapsedMs.toFixed(1));
      tr.addEventListener('click', function () { openDetail(d.id); });
      return tr;
    }));
  }

  function openDetail(id) {
    selected = id;
    api('/decisions/' + encodeURIComponent(id)).then(function (d) {
      $('detail').hidden = false;
      $('detail-id').textContent = text(d.id);
      fields($('detail-fields'), [['time', d.at], ['key', d.key], ['operationID', d.operationID],
        ['ingress', d.ingress], ['outcome', d.outcome], ['reason', d.reason], ['detail', d.detail],
        ['errCode', d.errCode], ['url called', d.url], ['reply status', d.status < 0 ? 'none' : d.status],
        ['reply size', d.replyBytes < 0 ? 'none' : d.replyBytes + ' bytes'], ['elapsed ms', d.elapsedMs.toFixed(1)]]);
      fields($('detail-headers'), Object.keys(d.headers || {}).map(function (name) {
        return [name, d.headers[name]];
      }));
      $('detail-no-bodies').hidden = d.bodiesShown;
      $('detail-request').textContent = d.bodiesShown ? 'sent: ' + text(d.requestBody) : '';
      $('detail-reply').textContent = d.bodiesShown ? 'reply: ' + text(d.replyBody) : '';
    }).catch(failed);
  }

  function showCallbacks(c) {
    fields($('callbacks-file'), [['file', c.file], ['url', c.url], ['sha256', c.sha256],
      ['loaded at', c.loadedAt], ['watched', c.watched]]);
    var refused = $('callbacks-refused');
    refused.hidden = !c.refusedSha256;
    refused.textContent = c.refusedSha256 ? 'Refused change (sha256 ' + c.refusedSha256 + ', ' + c.refusedAt
      + '): ' + text(c.refusedError) : '';
    replaceRows(document.querySelector('#callbacks-table tbody'), c.callbacks.map(function (cb) {
      var tr = document.createElement('tr');
      [cb.key, cb.phase, cb.enabled, cb.timeoutSeconds, cb.failedContinue,
        (cb.deniedTypes || []).join(', '), cb.allowedTypes ? cb.allowedTypes.join(', ') : '',
        (cb.attentionIds || []).join(', '), cb.url].forEach(function (v) { cell(tr, v); });
      return tr;
    }));
  }

  function showServers(s) {
    $('bulkheads').textContent = 'Bulkhead per url: ' + s.bulkheadLimit + ' in flight, ' + s.bulkheadQueueSize
      + ' waiting; bodies held now ' + s.heldBytes + ' of ' + s.maxHeldBytes + ' bytes'
      + (s.breakersEnabled ? '' : '; circuit breakers are disabled');
    replaceRows(document.querySelector('#servers-table tbody'), s.servers.map(function (server) {
      var tr = document.createElement('tr');
      tr.dataset.url = server.url;
      cell(tr, server.url);
      cell(tr, server.breaker, 'breaker state-' + server.breaker);
      cell(tr, server.failureRate === null ? '' : Math.round(server.failureRate * 100) + ' %');
      cell(tr, server.callsLastMinute);
      cell(tr, server.inFlight + ' / ' + s.bulkheadLimit + ' in flight, ' + server.waiting + ' / '
        + s.bulkheadQueueSize + ' waiting', 'slots');
      cell(tr, '').appendChild(button('Reset', function () {
        act('/business-servers/reset' + query({ url: server.url }));
      }));
      return tr;
    }));
  }

  function showAfter(a) {
    var l = a.ledger;
    var rows = [['backend', a.backend], ['accepted', l.accepted], ['deliveries', l.deliveries],
      ['delivered', l.delivered], ['deadLettered', l.deadLettered], ['discarded', l.discarded],
      ['pending', l.pending], ['failed attempts', l.failed], ['refused', l.refused], ['balances', l.balances]];
    Object.keys(l.targets || {}).sort().forEach(function (name) {
      var t = l.targets[name];
      rows.push(['target ' + name, 'accepted ' + t.accepted + ', delivered ' + t.delivered + ', deadLettered ' +
        t.deadLettered + ', discarded ' + t.discarded + ', pending ' + t.pending + ', balances ' + t.balances]);
    });
    fields($('ledger'), rows);
    var now = Date.now() / 1000;
    deliveries.push([now, l.delivered]);
    while (deliveries.length > 600) { deliveries.shift(); }
    var times = [];
    var rates = [];
    for (var i = 1; i < deliveries.length; i++) {
      times.push(deliveries[i][0]);
      rates.push(Math.max(0, (deliveries[i][1] - deliveries[i - 1][1]) / (deliveries[i][0] - deliveries[i - 1][0])));
    }
    chart('chart-delivery', 'after-callbacks delivered per second', [{ label: 'delivered/s', stroke: '#1b7f3b' }],
      [times, rates]);
    replaceRows(document.querySelector('#dead-table tbody'), a.deadLetters.map(function (d) {
      var tr = document.createElement('tr');
      tr.dataset.id = d.id;
      [d.id, d.key, d.target, d.operationID, d.attempts, d.lastError, d.ageSeconds].forEach(function (v) { cell(tr, v); });
      var actions = cell(tr, '');
      actions.appendChild(button('Replay', function () { act('/dead-letters/' + d.id + '/replay'); }));
      actions.appendChild(button('Discard', function () { act('/dead-letters/' + d.id + '/discard'); }));
      return tr;
    }));
  }

  function deadFilter() {
    return query({ key: $('dead-key').value.trim(), operationID: $('dead-operation').value.trim() });
  }

  function act(path) {
    api(path, 'POST').then(function (done) {
      status(done.action + ': ' + done.count);
      schedule(0);
    }).catch(failed);
  }

  function failed(error) {
    if (error instanceof Unauthorized) {
      showSignIn();
    } else {
      status('error: ' + text(error && error.message), true);
    }
  }

  function poll() {
    timer = null;
    var recentQuery = query({ key: $('filter-key').value.trim(), outcome: $('filter-outcome').value,
      operationID: $('filter-operation').value.trim() });
    Promise.all([api('/now'), api('/recent' + recentQuery), api('/callbacks'), api('/business-servers'),
      api('/after-callbacks' + deadFilter())]).then(function (answers) {
      $('sign-in').hidden = true;
      $('console').hidden = false;
      $('sign-out').hidden = !token();
      showNow(answers[0]);
      showRecent(answers[1]);
      showCallbacks(answers[2]);
      showServers(answers[3]);
      showAfter(answers[4]);
      status('updated ' + new Date().toLocaleTimeString());
      schedule(POLL_MS);
    }).catch(function (error) {
      failed(error);
      if (!(error instanceof Unauthorized)) { schedule(POLL_MS); }
    });
  }

  function schedule(delay) {
    if (timer !== null) { clearTimeout(timer); }
    timer = setTimeout(poll, delay);
  }

  $('sign-in-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    schedule(0);
  });
  $('sign-out').addEventListener('click', function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
    $('sign-in-error').textContent = '';
    if (timer !== null) { clearTimeout(timer); timer = null; }
  });
  ['filter-key', 'filter-outcome', 'filter-operation', 'dead-key', 'dead-operation'].forEach(function (id) {
    $(id).addEventListener('change', function () { schedule(0); });
  });
  ['recent-filter', 'dead-filter'].forEach(function (id) {
    $(id).addEventListener('submit', function (event) { event.preventDefault(); schedule(0); });
  });
  $('replay-shown').addEventListener('click', function () { act('/dead-letters/replay' + deadFilter()); });
  $('discard-shown').addEventListener('click', function () { act('/dead-letters/discard' + deadFilter()); });
  schedule(0);
}());
