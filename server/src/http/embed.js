/* Parley embed loader. Draws the site's launcher; loads the widget iframe only on intent.
   <script src="https://HOST/embed.js" data-site="SITE_KEY" [data-locale="de"]
     [data-user-id="ID" data-user-hash="HMAC-SHA256(identity secret, ID), hex"] async></script>
   API: window.Parley.open() close() toggle() setLocale(tag) identify({userId, hash, name, email})
   logout() on(event, fn) for "open", "close", "message", "unread". Calls made before this
   script loads are queued with window.Parley = window.Parley || []; Parley.push(["open"]). */
(function () {
  var s = document.currentScript, queued = window.Parley;
  if (!s || (queued && queued.loaded)) return;
  var origin = new URL(s.src).origin;
  var site = s.getAttribute("data-site") || "";
  var forced = s.getAttribute("data-locale");
  // A signed-in user of the site, vouched for by its back-end. It reaches the
  // widget in the URL fragment (never a server or its logs) or by message.
  var who = null;
  if (s.getAttribute("data-user-id") && s.getAttribute("data-user-hash"))
    who = { userId: s.getAttribute("data-user-id"), hash: s.getAttribute("data-user-hash") };
  // Fallback store for the widget when the browser blocks storage in
  // third-party iframes: this page's own localStorage, one entry per site.
  var KEY = "parley:" + site + ":widget";
  function saved() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (x) { return {}; } }
  function save(k, v) {
    var all = saved();
    if (typeof v === "string" && v.length < 65536) all[k] = v; else delete all[k];
    try { localStorage.setItem(KEY, JSON.stringify(all)); } catch (x) {}
  }
  var handlers = { open: [], close: [], message: [], unread: [] };
  function emit(name, arg) {
    for (var i = 0; i < handlers[name].length; i++) {
      try { handlers[name][i](arg); } catch (x) { console.error(x); }
    }
  }
  var L = {}, lang = "en", btn, panel, badge, frame = null, ready = false, focusWanted = false, unread = 0;
  // Most wanted first: the customer's own choice, the page's data-locale, the browser.
  // The widget negotiates the final locale (and the site's restrictions) itself.
  function prefs() {
    var p = [saved()["parley:locale"], forced].concat(navigator.languages || [navigator.language || "en"]);
    return p.filter(function (t) { return t && /^[A-Za-z0-9-]{2,35}$/.test(t); });
  }
  function pick() {
    var want = prefs();
    for (var i = 0; i < want.length; i++) {
      var w = want[i], base = w.split("-")[0];
      if (L[w]) return w;
      for (var k in L) if (k.split("-")[0] === base) return k;
    }
    return "en";
  }
  function label() { return L[lang] || L.en || "Chat"; }
  // Messages for a widget still loading wait until it says it is ready.
  var outbox = [];
  function post(msg) {
    if (!frame) return;
    if (ready) frame.contentWindow.postMessage(msg, origin); else outbox.push(msg);
  }
  function load() {
    if (frame || !panel) return;
    frame = document.createElement("iframe");
    frame.title = label();
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-downloads");
    frame.setAttribute("referrerpolicy", "origin");
    var f = [];
    function add(k, v) { if (v) f.push(k + "=" + encodeURIComponent(v)); }
    if (who) { add("uid", who.userId); add("uh", who.hash); add("un", who.name); add("ue", who.email); }
    add("forget", saved()["parley:forget"]);
    frame.src = origin + "/widget?site=" + encodeURIComponent(site) + "&host=" +
      encodeURIComponent(location.origin) + "&langs=" + encodeURIComponent(prefs().join(",")) +
      (f.length ? "#" + f.join("&") : "");
    panel.appendChild(frame);
  }
  function paint() {
    badge.textContent = unread > 99 ? "99+" : String(unread); badge.hidden = !unread;
    btn.setAttribute("aria-label", unread ? label() + " (" + unread + ")" : label());
  }
  function setUnread(n) {
    if (n === unread) return;
    unread = n;
    if (btn) paint();
    emit("unread", n);
  }
  // Opened by the visitor (not by the site's script): focus goes into the
  // widget, to its first field, as soon as the widget can take it.
  function focusWidget() {
    focusWanted = false;
    frame.focus();
    post({ parley: "focus" });
  }
  function isOpen() { return panel && !panel.hidden; }
  function open(byVisitor) {
    if (!panel) { pending.push(["open"]); return; }
    load();
    var was = isOpen();
    panel.hidden = false; btn.setAttribute("aria-expanded", "true");
    if (byVisitor === true) { focusWanted = true; if (ready) focusWidget(); }
    if (unread) setUnread(0);
    if (!was) emit("open");
  }
  function close() {
    if (!isOpen()) return;
    panel.hidden = true; btn.setAttribute("aria-expanded", "false"); btn.focus();
    emit("close");
  }
  function relabel(tag) {
    save("parley:locale", tag);
    lang = pick();
    if (btn) paint();
    if (frame) frame.title = label();
  }
  var pending = [];
  var api = {
    loaded: true,
    open: function () { open(false); },
    close: close,
    toggle: function () { isOpen() ? close() : open(false); },
    setLocale: function (tag) { relabel(String(tag)); post({ parley: "set-locale", value: String(tag) }); },
    identify: function (u) {
      if (!u || !u.userId || !u.hash) return;
      who = { userId: String(u.userId), hash: String(u.hash), name: u.name && String(u.name), email: u.email && String(u.email) };
      if (frame) post({ parley: "identify", uid: who.userId, uh: who.hash, un: who.name, ue: who.email });
      else load();
    },
    logout: function () {
      who = null;
      close();
      try { localStorage.removeItem(KEY); } catch (x) {}
      // The widget forgets the visitor in its own storage too: now, or when it next loads.
      save("parley:forget", "1");
      if (frame && ready) post({ parley: "logout" });
      else if (frame) { frame.remove(); frame = null; outbox = []; }
      setUnread(0);
    },
    on: function (name, fn) { if (handlers[name] && typeof fn === "function") handlers[name].push(fn); },
    push: function (call) { run(call); }
  };
  function run(call) {
    if (call && api[call[0]] && call[0] !== "push") api[call[0]].apply(api, [].slice.call(call, 1));
  }
  window.Parley = api;
  // Calls queued before this script: an array stub, or a function stub with `q`.
  var early = (queued && (queued.q || queued)) || [];
  for (var i = 0; i < early.length; i++) run(early[i]);

  window.addEventListener("message", function (e) {
    if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
    var d = e.data || {};
    if (d.parley === "close") close();
    else if (d.parley === "ready") {
      ready = true;
      post({ parley: "state", values: saved() });
      save("parley:forget", null);
      if (who) post({ parley: "identify", uid: who.userId, uh: who.hash, un: who.name, ue: who.email });
      var waiting = outbox; outbox = [];
      for (var i = 0; i < waiting.length; i++) post(waiting[i]);
      if (focusWanted && isOpen()) focusWidget();
    }
    else if (d.parley === "save" && typeof d.key === "string" && d.key.indexOf("parley:") === 0) save(d.key, d.value);
    else if (d.parley === "locale") relabel(d.value);
    else if (d.parley === "message") { emit("message", { conversationId: d.conversation, seq: d.seq }); if (!isOpen()) setUnread(unread + 1); }
    else if (d.parley === "forgotten") { save("parley:forget", null); frame.remove(); frame = null; ready = false; outbox = []; }
  });

  function draw(c) {
    L = c.labels || {};
    lang = pick();
    var host = document.createElement("div");
    host.setAttribute("data-parley", "");
    var root = host.attachShadow({ mode: "open" });
    var rtl = document.documentElement.dir === "rtl";
    var side = (c.position === "start") !== rtl ? "left" : "right";
    var accent = /^#[0-9a-f]{6}$/i.test(c.accent) ? c.accent : "#1f5fbf";
    root.innerHTML =
      "<style>:host{all:initial}" +
      "button{all:initial;position:fixed;bottom:20px;" + side + ":20px;z-index:2147483646;width:56px;height:56px;" +
      "border-radius:50%;background:" + accent + ";color:#fff;cursor:pointer;display:flex;align-items:center;" +
      "justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
      "button:focus-visible{outline:3px solid #f5b400;outline-offset:2px}" +
      "span{position:absolute;top:-4px;" + (side === "left" ? "right" : "left") + ":-4px;min-width:20px;height:20px;" +
      "padding:0 5px;box-sizing:border-box;border-radius:10px;background:#b3261e;color:#fff;" +
      "font:700 12px/20px system-ui,sans-serif;text-align:center}span[hidden]{display:none}" +
      "div{position:fixed;bottom:88px;" + side + ":20px;z-index:2147483647;width:380px;height:min(600px,calc(100vh - 108px));" +
      "border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff}" +
      "div[hidden]{display:none}iframe{border:0;width:100%;height:100%}" +
      "@media (max-width:480px){div{inset:0;width:auto;height:auto;border-radius:0}}</style>" +
      '<button type="button" data-testid="launcher" aria-expanded="false">' +
      '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">' +
      '<path d="M4 4h16v12H7l-3 3z"/></svg><span data-testid="unread-badge" aria-hidden="true" hidden></span>' +
      "</button><div hidden></div>";
    btn = root.querySelector("button"); panel = root.querySelector("div"); badge = root.querySelector("span");
    paint();
    btn.addEventListener("click", function () { isOpen() ? close() : open(true); });
    btn.addEventListener("pointerenter", load);
    btn.addEventListener("focus", load);
    (document.body || document.documentElement).appendChild(host);
    // A signed-in user may get proactive messages from the site: the widget
    // loads at once (hidden), so they arrive live with the unread badge.
    if (who) load();
    var again = pending; pending = [];
    for (var i = 0; i < again.length; i++) run(again[i]);
  }
  fetch(origin + "/embed/config?site=" + encodeURIComponent(site)).then(function (r) {
    return r.json().then(function (c) {
      if (r.ok) return draw(c);
      console.warn("Parley: no chat on this page: " + (c.error === "origin_forbidden"
        ? "the site " + site + " does not allow " + location.origin + ". Add it to the site's allowed origins in the desk (Sites)."
        : c.error === "unknown_site" ? "there is no enabled site with the key \"" + site + "\"." : c.error));
    });
  }).catch(function (x) { console.warn("Parley: the chat could not load: " + x); });
})();
