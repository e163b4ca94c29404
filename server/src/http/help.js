// Parley's help centre (served as /help.js): search as one types, "did this
// help?" answered in place, and in the widget's help panel (?embed=1) the
// answer sent with the widget's visitor token and "talk to a person" handed
// to the widget. Every page works without it.
(() => {
  "use strict";
  const d = document;
  const body = d.body;
  const embed = body.classList.contains("embed");
  const site = body.dataset.site || "";
  // The widget (this page's parent, same origin) hands over the visitor's
  // token when it opens the panel; its storage may be the host page's.
  const token = () => {
    try {
      return window.parent.parleyToken || localStorage.getItem(`parley:${site}:token`);
    } catch (_) {
      return null; // out of reach: the answer counts anonymously
    }
  };

  // Search as one types: the page for the words is fetched and its results
  // replace these (one request per pause; the newest answer wins).
  const input = d.getElementById("help-q");
  const box = d.getElementById("help-results-box");
  if (input && box) {
    let timer = 0;
    let asked = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const n = ++asked;
        const url = new URL(input.form.action, location.href);
        const words = input.value.trim();
        if (!words && box.hasAttribute("data-empty")) {
          // Above an article: no words, no results.
          box.replaceChildren();
          return;
        }
        if (words) url.searchParams.set("q", words);
        if (embed) url.searchParams.set("embed", "1");
        try {
          const res = await fetch(url, { headers: { accept: "text/html" } });
          const page = new DOMParser().parseFromString(await res.text(), "text/html");
          const fresh = page.getElementById("help-results-box");
          if (n !== asked || !fresh) return;
          box.replaceChildren(...fresh.childNodes);
          box.dataset.query = words;
          if (!box.hasAttribute("data-empty")) history.replaceState(null, "", url);
        } catch (_) {
          // Offline for a moment: the form still submits.
        }
      }, 250);
    });
  }

  // "Did this help?": sent in place, then thanked.
  for (const form of d.querySelectorAll(".help-vote form")) {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = new URLSearchParams(new FormData(form, ev.submitter));
      const headers = { accept: "application/json" };
      const t = embed ? token() : null;
      if (t) headers.authorization = `Bearer ${t}`;
      const res = await fetch(form.action, { method: "POST", headers, body: data }).catch(() => null);
      const p = d.createElement("p");
      p.setAttribute("role", "status");
      if (res && res.ok) {
        p.setAttribute("data-testid", "help-vote-thanks");
        p.textContent = form.dataset.thanks;
        form.replaceWith(p);
      } else {
        form.submit(); // the server's page says what went wrong
      }
    });
  }

  // The widget's help panel: "talk to a person" asks the widget (same
  // origin, the panel's parent) — its own button when the bot holds the
  // chat, else back to the chat's composer.
  if (embed && window.parent !== window) {
    for (const b of d.querySelectorAll("[data-parley-person]")) {
      b.addEventListener("click", () => {
        let w;
        try {
          w = window.parent.document;
        } catch (_) {
          return;
        }
        const person = w.querySelector('[data-testid="talk-to-person"]');
        if (person) person.click();
        const close = w.querySelector('[data-testid="help-close"]');
        if (close) close.click();
        const composer = w.querySelector('[data-testid="composer-input"]');
        if (composer) composer.focus();
      });
    }
  }
})();
