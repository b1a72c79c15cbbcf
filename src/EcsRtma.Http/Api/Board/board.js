// EcsRtma alert board. Every value from the API is untrusted (event fields are attacker-controlled):
// it is only ever written with textContent, never as HTML.
'use strict';
(function () {
  const api = new URL('.', location.href); // the board is served at {base}/api/board
  const state = { continuation: null, selected: null, key: sessionStorage.getItem('ecsrtma-key') };
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function age(iso) {
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 90) return Math.round(s) + 's';
    if (s < 5400) return Math.round(s / 60) + 'm';
    if (s < 172800) return Math.round(s / 3600) + 'h';
    return Math.round(s / 86400) + 'd';
  }

  async function call(path, options) {
    const headers = Object.assign({ 'Accept': 'application/json' }, (options && options.headers) || {});
    if (state.key) headers['x-functions-key'] = state.key;
    const response = await fetch(new URL(path, api), Object.assign({}, options, { headers, credentials: 'same-origin' }));
    if (response.status === 401) {
      askKey();
      throw new Error('The API needs a function key.');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || body.message || ('HTTP ' + response.status));
    return body;
  }

  function askKey() {
    const dialog = $('key-dialog');
    if (!dialog.open) dialog.showModal();
  }

  function say(text) { $('status').textContent = text; }

  function query() {
    const form = new FormData($('filters'));
    const q = new URLSearchParams();
    for (const [k, v] of form.entries()) if (v) q.set(k, v);
    q.set('limit', '50');
    return q;
  }

  // Requests can answer out of order (a refresh started before the filters changed may answer
  // after the filtered one): only the newest request's answer is shown.
  let listing = 0;
  let detail = 0;

  // Channels that cannot be reached (from /api/health, which needs no key): said above the list.
  async function health() {
    try {
      const response = await fetch(new URL('health', api), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
      const h = await response.json();
      const down = (h.channelsDown || []).map((c) => 'channel ' + c.channel + ' unreachable since ' + new Date(c.since).toISOString() + (c.lastError ? ' (' + c.lastError + ')' : ''));
      $('outage').textContent = down.length ? 'Notifications are held and retried: ' + down.join('; ') : '';
      $('outage').hidden = down.length === 0;
    } catch (err) { /* the list still loads; health is shown when it answers */ }
  }

  async function load(append) {
    health();
    const q = query();
    if (append && state.continuation) q.set('continuation', state.continuation);
    const mine = ++listing;
    try {
      const page = await call('alerts?' + q.toString());
      if (mine !== listing) return;
      const body = $('alerts').tBodies[0];
      if (!append) body.replaceChildren();
      for (const a of page.items) body.appendChild(row(a));
      state.continuation = page.continuation;
      $('more').hidden = !page.continuation;
      say(body.rows.length === 0 ? 'No alerts match.' : body.rows.length + ' alert(s).');
    } catch (err) { if (mine === listing) say(err.message); }
  }

  function row(a) {
    const tr = el('tr');
    tr.dataset.id = a.alertId;
    const sev = el('td'); sev.appendChild(el('span', a.severity, 'sev sev-' + String(a.severity).toLowerCase()));
    const status = el('td', a.undelivered ? a.status + ' · not reached yet' : a.status, a.undelivered ? 'undelivered' : null);
    if (a.undelivered) status.title = a.undelivered;
    tr.append(sev, el('td', age(a.createdAt), 'when'), status, el('td', a.tierReached),
      el('td', a.eventName), el('td', a.actorName), el('td', [a.accountId, a.region, a.cluster].filter(Boolean).join(' / ')),
      el('td', a.changeCount));
    tr.addEventListener('click', () => show(a.alertId));
    if (state.selected === a.alertId) tr.classList.add('selected');
    return tr;
  }

  async function show(id) {
    state.selected = id;
    history.replaceState(null, '', '#alert=' + encodeURIComponent(id));
    for (const tr of $('alerts').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.id === id);
    const mine = ++detail;
    try {
      const d = await call('alerts/' + encodeURIComponent(id));
      if (mine === detail) render(d);
    } catch (err) { if (mine === detail) say(err.message); }
  }

  function render(d) {
    const a = d.alert;
    $('detail').hidden = false;
    $('d-title').textContent = a.title;
    const facts = $('d-facts');
    facts.replaceChildren();
    const add = (k, v) => { if (v !== null && v !== undefined && v !== '') facts.append(el('dt', k), el('dd', v)); };
    add('Alert', a.alertId); add('Severity', a.severity); add('Status', a.status); add('Tier reached', a.tierReached);
    add('Policy', a.policy + (a.route ? ' (route ' + a.route + ')' : '')); add('Opened', new Date(a.createdAt).toISOString() + ' (' + age(a.createdAt) + ' ago)');
    add('Not reached yet', a.undelivered);
    add('Next deadline', a.nextDeadline); add('Who', a.actorName); add('Principal', a.actorArn);
    add('Where', [a.accountId, a.region, a.cluster, a.service].filter(Boolean).join(' / '));
    add('Acknowledged by', a.acknowledgedBy); add('Resolved by', a.resolvedBy); add('Changes', a.changeCount);
    const reasons = $('d-reasons'); reasons.replaceChildren(...(a.reasons || []).map((r) => el('li', r)));
    const changes = $('d-changes');
    changes.replaceChildren(...d.changes.map((c) => el('li', c.eventTime + ' ' + c.eventName + ' by ' + (c.actorName || '?') + ' — ' + c.title)));
    const timeline = $('d-timeline');
    timeline.replaceChildren(...d.timeline.map((t) => {
      const li = el('li');
      li.append(el('span', new Date(t.at).toISOString() + ' ', 'when'), el('strong', t.kind + ' '), el('span', t.message));
      return li;
    }));
    const closed = a.closedAt !== null && a.closedAt !== undefined;
    $('d-ack').disabled = closed || a.status === 'Acknowledged';
    $('d-resolve').disabled = closed;
  }

  async function act(action) {
    if (!state.selected) return;
    try {
      const result = await call('alerts/' + encodeURIComponent(state.selected) + '/' + action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ comment: $('d-comment').value || null }),
      });
      say(result.message);
      $('d-comment').value = '';
      setTimeout(() => { show(state.selected); load(false); }, 1500);
    } catch (err) { say(err.message); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); load(false); });
    $('more').addEventListener('click', () => load(true));
    $('d-ack').addEventListener('click', () => act('acknowledge'));
    $('d-resolve').addEventListener('click', () => act('resolve'));
    $('key-form').addEventListener('submit', () => {
      state.key = $('key-input').value;
      sessionStorage.setItem('ecsrtma-key', state.key);
      setTimeout(() => load(false), 0);
    });
    load(false);
    const m = /alert=([^&]+)/.exec(location.hash);
    if (m) show(decodeURIComponent(m[1]));
    setInterval(() => { if (document.visibilityState === 'visible') load(false); }, 30000);
  });
})();
