// Kwartier chat: makes a room page live. Without this script the page still shows the
// history and sends by form. No build step, no third-party code.
//
// Connects to /api/v1/ws, joins the room after the last message on the page, shows new
// messages, presence and typing, sends on Enter, and on a lost connection reconnects with
// backoff and resumes from the last id it saw. A message stays "sending" until the server
// acknowledges it; unacknowledged ones go again with the same client_id (stored once).
(function () {
  'use strict';

  var root = document.getElementById('chat');
  if (!root || !window.WebSocket) return;

  var room = Number(root.dataset.room);
  var me = root.dataset.me;
  var typingOn = root.dataset.typing === 'true';
  var log = document.getElementById('chat-log');
  var form = document.getElementById('chat-form');
  var input = document.getElementById('f-chat');
  var statusEl = document.getElementById('chat-status');
  var onlineEl = document.getElementById('chat-online');
  var typingEl = document.getElementById('chat-typing');
  var empty = document.getElementById('chat-empty');
  var t = document.getElementById('chat-t').dataset;
  // With the script Enter sends and new messages arrive by themselves.
  var hint = document.getElementById('f-chat-hint');
  if (hint) {
    hint.hidden = false;
    document.getElementById('f-chat').setAttribute('aria-describedby', 'f-chat-hint');
  }
  var reload = document.getElementById('chat-reload');
  if (reload) reload.hidden = true;
  // People the reader put on "niet meer zien": their messages fold away, for the reader only.
  var muted = new Set((root.dataset.muted || '').split(' ').filter(Boolean));

  var lastId = 0;
  log.querySelectorAll('li[data-id]').forEach(function (li) { lastId = Math.max(lastId, Number(li.dataset.id)); });

  var ws = null;
  var open = false;
  var joined = false;
  var stopped = false;
  var retryTimer = null;
  var attempt = 0;
  var pending = new Map(); // client_id -> {body, li}
  var lastTyping = 0;
  var typingTimer = null;
  var pongTimer = null;
  // In the zone the page's other times are in (see time.js).
  var zone = { hour: '2-digit', minute: '2-digit', timeZone: window.kwartierZone || document.documentElement.dataset.tz };
  var clock;
  try { clock = new Intl.DateTimeFormat(document.documentElement.lang || 'nl', zone); } catch (e) {
    clock = new Intl.DateTimeFormat(document.documentElement.lang || 'nl', { hour: '2-digit', minute: '2-digit' });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  function say(el, text) {
    el.textContent = text || '';
    el.hidden = !text;
  }

  function setStatus(text) { say(statusEl, text); }

  function atBottom() {
    return window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
  }

  function render(m) {
    var li = document.createElement('li');
    li.id = 'm' + m.id;
    li.dataset.id = m.id;
    if (m.author.username === me) li.className = 'mine';
    var meta = document.createElement('p');
    meta.className = 'meta';
    var who = document.createElement('strong');
    if (m.author.username) {
      var profile = document.createElement('a');
      profile.href = '/u/' + encodeURIComponent(m.author.username);
      profile.textContent = m.author.display_name;
      who.append(profile);
    } else {
      who.textContent = m.author.display_name;
    }
    var time = document.createElement('time');
    time.className = 'short';
    time.dateTime = m.created_at;
    time.textContent = clock.format(new Date(m.created_at));
    meta.append(who, ' ', time);
    li.append(meta);
    fill(li, m);
    if (m.status === 'visible') {
      var actions = document.createElement('p');
      actions.className = 'actions';
      var a = document.createElement('a');
      a.href = m.author.username === me ? '/m/' + m.id + '/edit' : '/m/' + m.id + '/flag';
      a.textContent = m.author.username === me ? t.edit : t.flag;
      actions.append(a);
      li.append(actions);
    }
    return li;
  }

  // The body: body_html is sanitized by the server (ammonia) when the message is stored.
  function fill(li, m) {
    var old = li.querySelector('.body, .placeholder');
    if (old) old.remove();
    var edited = li.querySelector('.edited');
    if (m.status === 'visible') {
      var body = document.createElement('div');
      body.className = 'body';
      body.innerHTML = m.body_html;
      if (muted.has(m.author.username)) {
        var fold = document.createElement('details');
        var summary = document.createElement('summary');
        summary.textContent = t.muted.replace('{name}', m.author.display_name);
        body.className = '';
        fold.className = 'body';
        fold.append(summary, body);
        body = fold;
      }
      li.querySelector('.meta').after(body);
      if (m.edited_at && !edited) {
        var e = document.createElement('span');
        e.className = 'edited';
        e.textContent = ' · ' + t.edited;
        li.querySelector('.meta').append(e);
      }
    } else {
      var p = document.createElement('p');
      p.className = 'placeholder';
      p.textContent = m.status === 'hidden' ? t.hidden : m.status === 'removed' ? t.removed : t.deleted;
      li.querySelector('.meta').after(p);
      var actions = li.querySelector('.actions');
      if (actions) actions.remove();
    }
  }

  function add(m) {
    var p = pending.get(m.client_id);
    if (p && m.author.username === me) {
      p.li.remove();
      pending.delete(m.client_id);
    }
    if (document.getElementById('m' + m.id)) return;
    if (empty) { empty.remove(); empty = null; }
    var stick = atBottom();
    log.append(render(m));
    if (stick) window.scrollTo(0, document.body.scrollHeight);
  }

  function showPending(cid, body) {
    var li = document.createElement('li');
    li.className = 'mine pending';
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = t.sending;
    var text = document.createElement('div');
    text.className = 'body';
    text.textContent = body;
    li.append(meta, text);
    log.append(li);
    window.scrollTo(0, document.body.scrollHeight);
    return li;
  }

  // The unread count in the header's "Voor jou" link, kept up to date while the chat is open.
  function showUnread(n) {
    var link = document.querySelector('header.site a[href="/notifications"]');
    if (!link) return;
    var badge = link.querySelector('.badge.new');
    if (!n) { if (badge) badge.remove(); return; }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'badge new';
      badge.append(document.createTextNode(''));
      var label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = ' ' + t.unread;
      badge.append(label);
      link.append(' ', badge);
    }
    badge.firstChild.nodeValue = String(n);
  }

  function send(frame) {
    if (open) ws.send(JSON.stringify(frame));
  }

  // Sent once the room is joined; until then it waits (and goes at the join).
  function sendMessage(cid) {
    var p = pending.get(cid);
    if (joined) send({ type: 'send', room: room, body: p.body, client_id: cid });
  }

  // A house meeting changed: the panel is read again from the page (the server renders it
  // once, for pages with and without this script), unless someone is typing in it.
  var meetingBusy = false;
  function refreshMeeting() {
    var current = document.getElementById('meeting');
    if (meetingBusy || (current && current.contains(document.activeElement) &&
        document.activeElement.tagName === 'TEXTAREA')) return;
    meetingBusy = true;
    fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : ''; })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('meeting');
        var now = document.getElementById('meeting');
        if (fresh && now) now.replaceWith(document.importNode(fresh, true));
        else if (fresh) document.getElementById('chat').before(document.importNode(fresh, true));
      })
      .catch(function () {})
      .then(function () { meetingBusy = false; });
  }

  function onFrame(f) {
    switch (f.type) {
      case 'message':
        if (f.message.room_id !== room) return;
        lastId = Math.max(lastId, f.message.id);
        add(f.message);
        break;
      case 'update':
        var li = document.getElementById('m' + f.message.id);
        if (li) fill(li, f.message);
        break;
      case 'ack':
        var p = pending.get(f.client_id);
        if (p) p.li.querySelector('.meta').textContent = '';
        break;
      case 'joined':
        // A long absence: the history comes page by page; ask for the next one.
        if (f.more) { send({ type: 'join', room: room, after: lastId }); break; }
        joined = true;
        attempt = 0;
        setStatus('');
        pending.forEach(function (_, cid) { sendMessage(cid); });
        break;
      case 'presence':
        if (f.room !== room) return;
        var people = f.people || [];
        var others = people.filter(function (p) { return p.username !== me; })
          .map(function (p) { return p.display_name; });
        // Big rooms name only the first few; the count says how many more there are.
        var more = (f.count || people.length) - people.length;
        if (more > 0) others.push('+' + more.toLocaleString(document.documentElement.lang || undefined));
        say(onlineEl, others.length ? t.online.replace('{names}', others.join(', ')) : t.nobody);
        break;
      case 'typing':
        if (f.room !== room) return;
        say(typingEl, t.typing.replace('{name}', f.display_name || f.user));
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { say(typingEl, ''); }, 3000);
        break;
      case 'left':
        stopped = true;
        setStatus(t.left);
        ws.close();
        break;
      case 'notifications':
        showUnread(f.unread);
        break;
      case 'meeting':
        if (f.meeting.room_id === room) refreshMeeting();
        break;
      case 'pong':
        clearTimeout(pongTimer);
        break;
      case 'error':
        if (f.client_id && pending.has(f.client_id)) {
          var q = pending.get(f.client_id);
          if (f.code === 'unavailable' || f.code === 'rate_limited') {
            setTimeout(function () { if (pending.has(f.client_id)) sendMessage(f.client_id); }, 3000);
          } else {
            q.li.querySelector('.meta').textContent = t.failed + ' ' + f.message;
            q.li.classList.add('failed');
            pending.delete(f.client_id);
          }
        }
        break;
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (ws && ws.readyState !== WebSocket.CLOSED) return;
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    ws = new WebSocket(scheme + location.host + '/api/v1/ws');
    ws.onopen = function () {
      open = true;
      send({ type: 'join', room: room, after: lastId });
    };
    ws.onmessage = function (e) {
      try { onFrame(JSON.parse(e.data)); } catch (err) { /* a frame we do not know */ }
    };
    ws.onclose = function (e) {
      open = false;
      joined = false;
      clearTimeout(pongTimer);
      if (e.code === 4001) { stopped = true; setStatus(t.ended); return; }
      if (stopped) return;
      setStatus(t.offline);
      say(onlineEl, '');
      // 1 s, 2 s, 4 s … up to 30 s, with jitter so that a restarted server is not stormed.
      var wait = Math.min(30000, 1000 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
      retryTimer = setTimeout(connect, wait);
    };
  }

  // A phone that changed networks keeps a dead socket open: ask, and reconnect when no answer.
  setInterval(function () {
    if (!open) return;
    send({ type: 'ping' });
    clearTimeout(pongTimer);
    pongTimer = setTimeout(function () { if (ws) ws.close(); }, 10000);
  }, 30000);

  // An ended private chat has no form: it is read, not written in.
  if (form && input) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = input.value.trim();
      if (!body) return;
      var cid = newId();
      pending.set(cid, { body: body, li: showPending(cid, body) });
      sendMessage(cid);
      input.value = '';
      input.focus();
    });

    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });

    input.addEventListener('input', function () {
      var now = Date.now();
      if (typingOn && open && now - lastTyping > 2000) {
        lastTyping = now;
        send({ type: 'typing', room: room });
      }
    });
  }

  window.addEventListener('online', function () { if (!stopped) { attempt = 0; connect(); } });

  connect();
})();
