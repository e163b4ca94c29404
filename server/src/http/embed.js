/* Parley embed loader. Draws a launcher; loads the widget iframe only on intent.
   <script src="https://HOST/embed.js" data-site="SITE_KEY" [data-locale="de"]
     [data-user-id="ID" data-user-hash="HMAC-SHA256(identity secret, ID), hex"] async></script> */
(function () {
  var s = document.currentScript;
  if (!s || window.Parley) return;
  var L = __PARLEY_LABELS__;
  var origin = new URL(s.src).origin;
  var site = s.getAttribute("data-site") || "";
  var forced = s.getAttribute("data-locale");
  // A signed-in user of the site, vouched for by its back-end: passed in the
  // URL fragment, which never reaches a server or its logs.
  var userId = s.getAttribute("data-user-id"), userHash = s.getAttribute("data-user-hash");
  // Fallback store for the widget when the browser blocks storage in
  // third-party iframes: this page's own localStorage, one entry per site.
  var KEY = "parley:" + site + ":widget";
  function saved() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (x) { return {}; } }
  function save(k, v) {
    var all = saved();
    if (typeof v === "string" && v.length < 65536) all[k] = v; else delete all[k];
    try { localStorage.setItem(KEY, JSON.stringify(all)); } catch (x) {}
  }
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
  var lang = pick();
  var host = document.createElement("div");
  host.setAttribute("data-parley", "");
  var root = host.attachShadow({ mode: "open" });
  var side = document.documentElement.dir === "rtl" ? "left" : "right";
  root.innerHTML =
    "<style>:host{all:initial}" +
    "button{all:initial;position:fixed;bottom:20px;" + side + ":20px;z-index:2147483646;width:56px;height:56px;" +
    "border-radius:50%;background:#1f5fbf;color:#fff;cursor:pointer;display:flex;align-items:center;" +
    "justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    "button:focus-visible{outline:3px solid #f5b400;outline-offset:2px}" +
    "div{position:fixed;bottom:88px;" + side + ":20px;z-index:2147483647;width:380px;height:min(600px,calc(100vh - 108px));" +
    "border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff}" +
    "div[hidden]{display:none}iframe{border:0;width:100%;height:100%}" +
    "@media (max-width:480px){div{inset:0;width:auto;height:auto;border-radius:0}}</style>" +
    '<button type="button" data-testid="launcher" aria-expanded="false">' +
    '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">' +
    '<path d="M4 4h16v12H7l-3 3z"/></svg></button><div hidden></div>';
  var btn = root.querySelector("button"), panel = root.querySelector("div"), frame = null;
  btn.setAttribute("aria-label", L[lang] || L.en);
  function load() {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.title = L[lang] || L.en;
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms");
    frame.setAttribute("referrerpolicy", "origin");
    frame.src = origin + "/widget?site=" + encodeURIComponent(site) + "&host=" +
      encodeURIComponent(location.origin) + "&langs=" + encodeURIComponent(prefs().join(",")) +
      (userId && userHash ? "#uid=" + encodeURIComponent(userId) + "&uh=" + encodeURIComponent(userHash) : "");
    panel.appendChild(frame);
  }
  var ready = false, focusWanted = false;
  // Opened by the visitor (not by the site's script): focus goes into the
  // widget, to its first field, as soon as the widget can take it.
  function focusWidget() {
    focusWanted = false;
    frame.focus();
    frame.contentWindow.postMessage({ parley: "focus" }, origin);
  }
  function open(byVisitor) {
    load(); panel.hidden = false; btn.setAttribute("aria-expanded", "true");
    if (byVisitor === true) { focusWanted = true; if (ready) focusWidget(); }
  }
  function close() { panel.hidden = true; btn.setAttribute("aria-expanded", "false"); btn.focus(); }
  btn.addEventListener("click", function () { panel.hidden ? open(true) : close(); });
  btn.addEventListener("pointerenter", load);
  btn.addEventListener("focus", load);
  window.addEventListener("message", function (e) {
    if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
    var d = e.data || {};
    if (d.parley === "close") close();
    else if (d.parley === "ready") {
      ready = true;
      frame.contentWindow.postMessage({ parley: "state", values: saved() }, origin);
      if (focusWanted && !panel.hidden) focusWidget();
    }
    else if (d.parley === "save" && typeof d.key === "string" && d.key.indexOf("parley:") === 0) save(d.key, d.value);
    else if (d.parley === "locale") relabel(d.value);
  });
  function relabel(tag) {
    save("parley:locale", tag);
    lang = pick();
    btn.setAttribute("aria-label", L[lang] || L.en);
  }
  window.Parley = {
    open: function () { open(false); },
    close: close,
    setLocale: function (tag) {
      relabel(String(tag));
      if (frame) frame.contentWindow.postMessage({ parley: "set-locale", value: String(tag) }, origin);
    }
  };
  (document.body || document.documentElement).appendChild(host);
})();
