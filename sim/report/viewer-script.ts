// The replay viewer's script, inlined into viewer.html (plain ES2020 run by
// the browser, no network, no libraries). It reads the JSON the report layer
// embedded (viewer-data.ts) and draws: the cluster diagram at the cursor
// (NameServers with the brokers each lists, broker groups with roles,
// clients with their queues, traffic and faults), the narration, mqadmin's
// views, the send charts sharing the cursor, and the scrubber. It exposes
// window.rmqsimViewer for the browser test.
export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('viewer-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];
  var KIND_COLOUR = { send: '#2e7d32', pull: '#00838f', heartbeat: '#9e9e9e', vote: '#8e24aa', register: '#ef6c00', replicate: '#1565c0', route: '#6d4c41', other: '#bdbdbd', dropped: '#e53935' };
  var st = { t: 0, cur: -1, playing: false, speed: 3, lang: D.lang, last: 0, view: 0 };
  var $ = function (id) { return document.getElementById(id); };
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function msg(key) { return (D.messages[st.lang] && D.messages[st.lang][key]) || D.messages.en[key] || key; }
  function fmt(us) {
    var ms = Math.floor(us / 1000), s = Math.floor(ms / 1000), m = Math.floor(s / 60);
    var frac = String(s % 60).padStart(m > 0 ? 2 : 1, '0') + '.' + String(ms % 1000).padStart(3, '0') + 's';
    return m > 0 ? m + 'm' + frac : frac;
  }
  function lastAtOrBefore(arr, t, at) {
    var lo = 0, hi = arr.length - 1, found = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (at(arr[mid]) <= t) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    return found;
  }

  // ---- the cluster's shape: who is where ----------------------------------
  var byKind = { namesrv: [], broker: [], producer: [], consumer: [], other: [] };
  D.nodes.forEach(function (n) { (byKind[n.k] || byKind.other).push(n); });
  var groups = [];
  byKind.broker.forEach(function (n) {
    var g = n.n.replace(/-\d+$/, '');
    var last = groups[groups.length - 1];
    if (!last || last.name !== g) groups.push(last = { name: g, members: [] });
    last.members.push(n);
  });
  var W = 1000, pos = {};
  function spread(list, y, w, h) {
    var gap = W / (list.length + 1);
    list.forEach(function (n, i) { pos[n.n] = { x: gap * (i + 1), y: y, w: w, h: h }; });
  }
  spread(byKind.namesrv, 60, 150, 70);
  var gw = W / Math.max(1, groups.length);
  groups.forEach(function (g, gi) {
    var mw = Math.min(120, (gw - 40) / g.members.length - 8);
    g.box = { x: gi * gw + 14, y: 165, w: gw - 28, h: 120 };
    g.members.forEach(function (n, i) { pos[n.n] = { x: g.box.x + 20 + (i + 0.5) * ((g.box.w - 40) / g.members.length), y: 235, w: mw, h: 62 }; });
  });
  spread(byKind.producer.concat(byKind.consumer).concat(byKind.other), 390, 150, 70);

  var svg = $('cluster');
  var linkLayer = el('g', { id: 'links' }, svg);
  var groupLayer = el('g', {}, svg);
  var nodeLayer = el('g', {}, svg);
  var dotLayer = el('g', { id: 'dots' }, svg);
  groups.forEach(function (g) {
    el('rect', { x: g.box.x, y: g.box.y, width: g.box.w, height: g.box.h, rx: 10, 'class': 'group' }, groupLayer);
    var t = el('text', { x: g.box.x + 10, y: g.box.y + 18, 'class': 'group-name' }, groupLayer); t.textContent = g.name;
  });
  var shapes = {};
  D.nodes.forEach(function (n) {
    var p = pos[n.n]; if (!p) return;
    var g = el('g', { 'class': 'node kind-' + n.k, 'data-node': n.n, transform: 'translate(' + (p.x - p.w / 2) + ',' + (p.y - p.h / 2) + ')' }, nodeLayer);
    el('rect', { width: p.w, height: p.h, rx: 8 }, g);
    var name = el('text', { x: p.w / 2, y: 17, 'class': 'name' }, g); name.textContent = n.n;
    var role = el('text', { x: p.w / 2, y: 33, 'class': 'role' }, g);
    var info = el('text', { x: p.w / 2, y: 49, 'class': 'info' }, g);
    var info2 = el('text', { x: p.w / 2, y: 63, 'class': 'info' }, g);
    shapes[n.n] = { g: g, role: role, info: info, info2: info2, node: n };
  });

  // ---- state at the cursor -------------------------------------------------
  function segAt(n, t) {
    var i = lastAtOrBefore(n.s, t, function (s) { return s[0]; });
    return i < 0 ? null : n.s[i];
  }
  function roleClass(role) {
    if (role === 'LEADER' || role === 'SYNC_MASTER' || role === 'ASYNC_MASTER') return 'master';
    if (role === 'FOLLOWER' || role === 'SLAVE') return 'slave';
    if (role === 'CANDIDATE') return 'candidate';
    return 'up';
  }
  function activeFaults(t) { return D.faults.filter(function (f) { return f.s <= t && (f.e === null ? f.v !== 'crash' && f.v !== 'power-loss' && f.v !== 'pause' && f.v !== 'restart' && f.v !== 'resume' && f.v !== 'heal' : t < f.e); }); }
  var routesByNs = {};
  D.routes.forEach(function (r) { (routesByNs[r[1]] = routesByNs[r[1]] || []).push(r); });
  var ownersByClient = {};
  D.owners.forEach(function (o) { (ownersByClient[o[1]] = ownersByClient[o[1]] || []).push(o); });
  function listedAt(ns, t) {
    var rs = routesByNs[ns] || [], i = lastAtOrBefore(rs, t, function (r) { return r[0]; });
    return i < 0 ? [] : rs[i][2];
  }
  function ownedAt(client, t) {
    var os = ownersByClient[client] || [], topics = {};
    for (var i = 0; i < os.length && os[i][0] <= t; i++) topics[os[i][2]] = os[i][3];
    var out = [];
    Object.keys(topics).forEach(function (tp) { if (tp.indexOf('%RETRY%') !== 0) out = out.concat(topics[tp]); });
    return out;
  }
  function compactRoutes(rows) {
    var by = {};
    rows.forEach(function (r) { var p = r.split(' '); (by[p[0]] = by[p[0]] || []).push(p[1]); });
    return Object.keys(by).map(function (b) { return b.replace(/^broker-/, '') + ':' + by[b].join(','); }).join(' ');
  }
  function compactQueues(qs) {
    var by = {};
    qs.forEach(function (q) { var m = /@?([^@#]+)#(\d+)$/.exec(q); if (m) (by[m[1]] = by[m[1]] || []).push(m[2]); });
    return Object.keys(by).map(function (b) { return b.replace(/^broker-/, '') + '#' + by[b].join(','); }).join(' ');
  }

  function drawNodes(t) {
    var faults = activeFaults(t), cut = {};
    faults.forEach(function (f) { if (/partition|blackhole|latency|loss/.test(f.v)) f.nodes.forEach(function (n) { cut[n] = f; }); });
    Object.keys(shapes).forEach(function (id) {
      var sh = shapes[id], seg = segAt(sh.node, t);
      var state = seg ? seg[2] : 'down', role = seg ? seg[3] : '';
      var cls = state === 'up' ? roleClass(role) : state;
      sh.g.setAttribute('class', 'node kind-' + sh.node.k + ' st-' + cls + (cut[id] ? ' cut' : ''));
      sh.g.setAttribute('data-role', cls);
      sh.g.setAttribute('data-state', state);
      var label = state === 'down' ? msg('viewer.state.down') : state === 'paused' ? msg('viewer.state.paused')
        : cls === 'master' ? msg('viewer.role.master') : cls === 'slave' ? msg('viewer.role.slave')
        : cls === 'candidate' ? msg('viewer.role.candidate') : msg('viewer.state.up');
      if (cut[id]) label += ' / ' + msg('viewer.state.cut');
      sh.role.textContent = label;
      if (sh.node.k === 'namesrv') { sh.info.textContent = state === 'up' ? msg('viewer.lists') + ':' : ''; sh.info2.textContent = state === 'up' ? compactRoutes(listedAt(id, t)) : ''; }
      else if (sh.node.k === 'consumer') { sh.info.textContent = msg('viewer.owns') + ':'; sh.info2.textContent = state === 'up' ? compactQueues(ownedAt(id, t)) : ''; }
      else if (sh.node.k === 'broker') { sh.info.textContent = state === 'up' ? role : ''; sh.info2.textContent = ''; }
      else { sh.info.textContent = ''; sh.info2.textContent = ''; }
    });
    return faults;
  }

  // ---- traffic and faults on links -----------------------------------------
  var T = D.traffic, trafficByBucket = [];
  if (T) T.rows.forEach(function (r) { (trafficByBucket[r[0]] = trafficByBucket[r[0]] || []).push(r); });
  function centre(id) { var p = pos[id]; return p ? { x: p.x, y: p.y } : null; }
  function drawLinks(t, faults) {
    while (linkLayer.firstChild) linkLayer.removeChild(linkLayer.firstChild);
    while (dotLayer.firstChild) dotLayer.removeChild(dotLayer.firstChild);
    faults.forEach(function (f) {
      f.nodes.forEach(function (a) { (f.peers.length ? f.peers : []).forEach(function (b) {
        var p = centre(a), q = centre(b); if (!p || !q) return;
        el('line', { x1: p.x, y1: p.y, x2: q.x, y2: q.y, 'class': 'fault-link' }, linkLayer);
      }); });
    });
    if (!T) return;
    var b = Math.floor(t / T.bucketUs), rows = trafficByBucket[b] || [], phase = (t % T.bucketUs) / T.bucketUs;
    rows.forEach(function (r) {
      var from = T.nodes[r[1]], to = T.nodes[r[2]], kind = T.kinds[r[3]], n = r[4];
      var p = centre(from), q = centre(to); if (!p || !q) return;
      var dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1, off = from < to ? 3 : -3;
      var ox = -dy / len * off, oy = dx / len * off;
      el('line', { x1: p.x + ox, y1: p.y + oy, x2: q.x + ox, y2: q.y + oy, 'class': 'msg msg-' + kind, stroke: KIND_COLOUR[kind], 'stroke-width': Math.min(6, 0.8 + Math.log2(1 + n)), 'data-count': n }, linkLayer);
      var dots = Math.min(3, n);
      for (var i = 0; i < dots; i++) {
        var f = (phase + i / dots) % 1;
        el('circle', { cx: p.x + ox + dx * f, cy: p.y + oy + dy * f, r: kind === 'dropped' ? 4 : 3, fill: KIND_COLOUR[kind], 'class': 'dot' }, dotLayer);
      }
    });
  }

  // ---- narration ------------------------------------------------------------
  /** "decision (reason)" or "decision: reason" -> [decision, reason]. */
  function split(text) {
    var depth = 0;
    if (text.charAt(text.length - 1) === ')') {
      for (var i = text.length - 1; i >= 0; i--) {
        var c = text.charAt(i);
        if (c === ')') depth++;
        else if (c === '(' && --depth === 0) return i > 0 ? [text.slice(0, i).trim(), text.slice(i + 1, -1)] : [text, ''];
      }
    }
    var k = text.indexOf(': ');
    return k > 0 ? [text.slice(0, k), text.slice(k + 2)] : [text, ''];
  }
  function decisionText(d) { return st.lang === 'zh' ? d.zh : d.en; }
  function who(d) { return d.nodes.length ? d.nodes.join(', ') + ': ' : ''; }
  function drawNarration() {
    var box = $('narration');
    var d = D.decisions[st.cur];
    box.setAttribute('data-index', String(st.cur));
    if (!d) { box.innerHTML = '<p class="none"></p>'; box.firstChild.textContent = msg('viewer.noDecision'); box.removeAttribute('data-at'); return; }
    box.setAttribute('data-at', String(d.t));
    var parts = split(decisionText(d));
    var follows = D.decisions.slice(st.cur + 1, st.cur + 4).filter(function (x) { return x.t - d.t <= 30000000; });
    box.innerHTML = '';
    function add(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; e.textContent = text; box.appendChild(e); return e; }
    add('div', 'when', fmt(d.t) + '  ' + (d.src === 'fault' ? '⚡' : ''));
    add('div', 'label', msg('viewer.decision'));
    add('div', 'decision', who(d) + parts[0]);
    add('div', 'label', msg('viewer.reason'));
    add('div', 'reason', parts[1] || '—');
    add('div', 'label', msg('viewer.consequence'));
    var ul = add('ul', 'follows', '');
    if (follows.length === 0) add('li', '', msg('viewer.nothingFollows'));
    follows.forEach(function (x) { var li = document.createElement('li'); li.textContent = '+' + ((x.t - d.t) / 1000).toFixed(0) + ' ms  ' + who(x) + decisionText(x); ul.appendChild(li); });
    var cur = $('decision-list').querySelector('.current'); if (cur) cur.classList.remove('current');
    var row = $('decision-list').children[st.cur]; if (row) { row.classList.add('current'); if (!st.playing) row.scrollIntoView({ block: 'nearest' }); }
  }

  // ---- mqadmin ---------------------------------------------------------------
  var A = D.admin;
  function unpack(text) { return text.replace(/\uE000([\s\S])/g, function (m, c) { return ' '.repeat(c.charCodeAt(0) - 32); }); }
  function drawAdmin(t) {
    var pre = $('mqadmin-out');
    if (!A.samples.length) { pre.textContent = '-'; return; }
    var i = Math.max(0, lastAtOrBefore(A.samples, t, function (s) { return s[0]; }));
    var v = A.views[st.view], c = v.changes[lastAtOrBefore(v.changes, i, function (x) { return x[0]; })];
    var s = A.samples[i];
    pre.setAttribute('data-sample', String(s[0]));
    pre.textContent = '# at ' + fmt(s[0]) + ' of the run, NameServer ' + (s[1] || '(none up: mqadmin would fail to connect)') + '\n' + (c ? unpack(A.texts[c[1]]) : '');
    $('mqadmin-asof').textContent = msg('viewer.asOf').replace('{t}', fmt(s[0])).replace('{step}', (A.sampleUs / 1e6) + 's');
  }

  // ---- charts sharing the cursor --------------------------------------------
  function chart(id, series, stacked) {
    var box = $(id), w = 1000, h = 110, top = 6, plot = h - 20;
    var max = 1; D.sends.b.forEach(function (b) { var v = stacked ? (b[1] + b[2] + b[3]) : b[5] / 1000; if (v > max) max = v; });
    var x = function (us) { return 40 + (us / D.endUs) * (w - 50); };
    el('text', { x: 36, y: top + 10, 'class': 'tick', 'text-anchor': 'end' }, box).textContent = stacked ? String(Math.round(max * 1e6 / D.sends.bucketUs)) + '/s' : max.toFixed(0) + 'ms';
    el('line', { x1: 40, y1: top + plot, x2: w - 10, y2: top + plot, 'class': 'axis' }, box);
    if (stacked) {
      D.sends.b.forEach(function (b) {
        var y = top + plot, bw = Math.max(0.6, x(b[0] + D.sends.bucketUs) - x(b[0]) - 0.4);
        [[1, 'bar-ok'], [2, 'bar-failed'], [3, 'bar-unknown']].forEach(function (k) {
          if (!b[k[0]]) return; var hh = b[k[0]] / max * plot; y -= hh;
          el('rect', { x: x(b[0]), y: y, width: bw, height: hh, 'class': k[1] }, box);
        });
      });
    } else {
      [[4, 'lat-p50'], [5, 'lat-p99']].forEach(function (k) {
        var pts = D.sends.b.filter(function (b) { return b[1] > 0; }).map(function (b) { return x(b[0] + D.sends.bucketUs / 2).toFixed(1) + ',' + (top + plot - b[k[0]] / 1000 / max * plot).toFixed(1); });
        if (pts.length) el('polyline', { points: pts.join(' '), 'class': k[1] }, box);
      });
    }
    D.faults.forEach(function (f) { el('line', { x1: x(f.s), y1: top, x2: x(f.s), y2: top + plot, 'class': 'fault-line' }, box); });
    var cursor = el('line', { x1: 40, y1: 0, x2: 40, y2: h, 'class': 'cursor' }, box);
    box.addEventListener('click', function (ev) {
      var r = box.getBoundingClientRect(), px = (ev.clientX - r.left) / r.width * w;
      seek(Math.max(0, Math.min(D.endUs, (px - 40) / (w - 50) * D.endUs)));
    });
    return function (t) { var cx = x(t); cursor.setAttribute('x1', cx); cursor.setAttribute('x2', cx); };
  }
  var cursors = [chart('chart-rate', 0, true), chart('chart-latency', 0, false)];

  // ---- the decision list and scrubber ticks ------------------------------------
  var list = $('decision-list'), ticks = $('ticks');
  D.decisions.forEach(function (d, i) {
    var li = document.createElement('li'); li.className = 'src-' + d.src; li.setAttribute('data-i', i);
    li.addEventListener('click', function () { stepTo(i); });
    list.appendChild(li);
    el('line', { x1: (d.t / D.endUs * 1000).toFixed(1), y1: 0, x2: (d.t / D.endUs * 1000).toFixed(1), y2: 12, 'class': 'tick-' + d.src }, ticks);
  });
  function fillList() { D.decisions.forEach(function (d, i) { list.children[i].textContent = fmt(d.t) + '  ' + who(d) + decisionText(d); }); }

  // ---- words, cursor, playback ---------------------------------------------------
  function words() {
    document.documentElement.lang = st.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-msg]').forEach(function (e) { e.textContent = msg(e.getAttribute('data-msg')).replace('{ms}', T ? String(T.bucketUs / 1000) : '-'); });
    $('play').textContent = st.playing ? msg('viewer.pause') : msg('viewer.play');
    $('lang').textContent = st.lang === 'zh' ? 'English' : '中文';
    var story = st.lang === 'zh' ? [D.descriptionZh].concat(D.story.zh.length ? [''].concat(D.story.zh) : []) : [D.description];
    $('story').textContent = story.join('\n');
    fillList();
  }
  function render() {
    var t = st.t, faults = drawNodes(t);
    drawLinks(t, faults);
    drawNarration();
    drawAdmin(t);
    cursors.forEach(function (c) { c(t); });
    $('clock').textContent = fmt(t);
    $('clock').setAttribute('data-us', String(Math.round(t)));
    $('scrub').value = String(Math.round(t / 1000));
  }
  function seek(t) {
    st.t = Math.max(0, Math.min(D.endUs, t));
    st.cur = lastAtOrBefore(D.decisions, st.t, function (d) { return d.t; });
    render();
  }
  function stepTo(i) {
    if (i < 0 || i >= D.decisions.length) return;
    st.t = D.decisions[i].t; st.cur = i; render();
  }
  function next() { stepTo(st.cur + 1); }
  function prev() { stepTo(st.cur - 1); }
  function setSpeed(i) { st.speed = Math.max(0, Math.min(SPEEDS.length - 1, i)); $('speed').value = String(st.speed); }
  function toggle() { st.playing = !st.playing; st.last = 0; words(); if (st.playing) requestAnimationFrame(tick); }
  function tick(now) {
    if (!st.playing) return;
    if (st.last) {
      var t = st.t + (now - st.last) * 1000 * SPEEDS[st.speed];
      if (t >= D.endUs) { t = D.endUs; st.playing = false; words(); }
      seek(t);
    }
    st.last = now;
    if (st.playing) requestAnimationFrame(tick);
  }
  function setLang(l) { st.lang = l === 'zh' ? 'zh' : 'en'; words(); render(); }

  $('scrub').max = String(Math.round(D.endUs / 1000));
  $('scrub').addEventListener('input', function () { seek(Number($('scrub').value) * 1000); });
  $('play').addEventListener('click', toggle);
  $('next').addEventListener('click', next);
  $('prev').addEventListener('click', prev);
  $('lang').addEventListener('click', function () { setLang(st.lang === 'zh' ? 'en' : 'zh'); });
  SPEEDS.forEach(function (s, i) { var o = document.createElement('option'); o.value = String(i); o.textContent = s + 'x'; $('speed').appendChild(o); });
  $('speed').addEventListener('change', function () { setSpeed(Number($('speed').value)); });
  A.views.forEach(function (v, i) { var o = document.createElement('option'); o.value = String(i); o.textContent = 'mqadmin ' + v.name; $('mqadmin-view').appendChild(o); });
  $('mqadmin-view').addEventListener('change', function () { st.view = Number($('mqadmin-view').value); drawAdmin(st.t); });
  ticks.addEventListener('click', function (ev) { var r = ticks.getBoundingClientRect(); seek((ev.clientX - r.left) / r.width * D.endUs); });
  document.addEventListener('keydown', function (ev) {
    if (ev.target && ev.target.tagName === 'SELECT') return;
    var step = ev.shiftKey ? 1000000 : 100000;
    if (ev.key === ' ') { ev.preventDefault(); toggle(); }
    else if (ev.key === 'n') next();
    else if (ev.key === 'p') prev();
    else if (ev.key === 'ArrowRight') { ev.preventDefault(); seek(st.t + step); }
    else if (ev.key === 'ArrowLeft') { ev.preventDefault(); seek(st.t - step); }
    else if (ev.key === '+' || ev.key === '=') setSpeed(st.speed + 1);
    else if (ev.key === '-') setSpeed(st.speed - 1);
    else if (ev.key === 'l') setLang(st.lang === 'zh' ? 'en' : 'zh');
  });
  setSpeed(st.speed);
  words();
  seek(0);
  window.rmqsimViewer = { seek: seek, next: next, prev: prev, setLang: setLang, play: toggle, state: function () { return { t: st.t, cur: st.cur, lang: st.lang, playing: st.playing, speed: SPEEDS[st.speed] }; }, decisions: D.decisions };
  document.body.setAttribute('data-ready', 'true');
})();
`;
