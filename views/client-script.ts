import { READ_ALOUD_SCRIPT } from "./read-aloud.js";

/**
 * The page's own script, served as `/assets/app.js` (the CSP allows only
 * same-origin scripts). Everything it does is an enhancement: every page
 * works without it. Read-aloud is its own part ({@link READ_ALOUD_SCRIPT}).
 */
export const CLIENT_SCRIPT = `"use strict";
(function () {
  var d = document;
  var words = {};
  try { words = JSON.parse(d.body.getAttribute("data-messages") || "{}"); } catch (err) {}
  function problem(text) {
    if (!text) return;
    var main = d.getElementById("content");
    if (!main) return;
    var line = d.getElementById("client-problem");
    if (!line) {
      line = d.createElement("p");
      line.id = "client-problem";
      line.className = "warning";
      line.setAttribute("role", "alert");
      main.insertBefore(line, main.firstChild);
    }
    line.textContent = text;
  }
  d.addEventListener("htmx:sendError", function () { problem(words.offline); });
  d.addEventListener("htmx:responseError", function (e) {
    var status = e.detail && e.detail.xhr ? String(e.detail.xhr.status) : "";
    problem(String(words.failed || "").replace("{status}", status));
  });
  d.addEventListener("htmx:afterRequest", function (e) {
    var line = d.getElementById("client-problem");
    if (line && e.detail && e.detail.successful) line.remove();
  });
  // A saved conversation opens at its newest answer, not at its first question.
  var thread = d.getElementById("thread");
  if (thread && thread.children.length > 1 && !location.hash) thread.lastElementChild.scrollIntoView({ block: "start" });
  var drawer = d.querySelector("details.drawer");
  if (drawer && window.matchMedia("(min-width: 48rem)").matches) drawer.open = true;
  d.addEventListener("htmx:afterRequest", function (e) {
    var form = e.target;
    if (form && form.id === "ask" && e.detail.successful) {
      var q = form.querySelector("input[name=q]");
      if (q) { q.value = ""; q.focus(); }
    }
  });
  d.addEventListener("htmx:afterSwap", function (e) {
    if (e.target && e.target.id === "thread") {
      var last = e.target.lastElementChild;
      if (last) last.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  });
  // The answer style last chosen stays chosen on every page and after a reload, as the user left it.
  var style = d.getElementById("style");
  if (style) {
    try {
      var kept = localStorage.getItem("almanac-style");
      if (kept && Array.prototype.some.call(style.options, function (o) { return o.value === kept; })) style.value = kept;
    } catch (err) {}
    style.addEventListener("change", function () { try { localStorage.setItem("almanac-style", style.value); } catch (err) {} });
  }
  var zone = d.querySelector(".dropzone");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    var form = zone.closest("form");
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (input && e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        if (form) form.requestSubmit();
      }
    });
  }
  // Copy buttons: the clipboard API needs HTTPS or localhost, so a LAN page over http selects and copies instead.
  d.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("[data-copy]") : null;
    if (!btn) return;
    var el = d.querySelector(btn.getAttribute("data-copy"));
    if (!el) return;
    var done = function () { btn.textContent = btn.getAttribute("data-copied") || btn.textContent; };
    var text = el.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, function () {}); return; }
    var range = d.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { if (d.execCommand("copy")) done(); } catch (err) {}
  });
  var saved = d.getElementById("saved-pages");
  if (saved && window.caches) {
    caches.open("almanac-pages-v1").then(function (c) { return c.keys().then(function (keys) {
      keys.forEach(function (req) {
        var li = d.createElement("li");
        var a = d.createElement("a");
        a.href = req.url;
        a.textContent = decodeURIComponent(new URL(req.url).pathname);
        li.appendChild(a);
        saved.appendChild(li);
        // The page's own title ("Water — Almanac", a book's chapter), read from the saved copy.
        c.match(req).then(function (res) { return res ? res.text() : ""; }).then(function (html) {
          var title = new DOMParser().parseFromString(html, "text/html").title;
          if (title) a.textContent = title.replace(/ — Almanac$/, "");
        }).catch(function () {});
      });
    }); });
  }
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
})();
${READ_ALOUD_SCRIPT}`;

/** Version of the service worker's caches; bump it when the app shell changes. */
export const SW_CACHE_VERSION = "v1";

/**
 * The service worker, served as `/sw.js` with scope `/`. It keeps the app
 * shell (stylesheet, scripts, icon, offline page) and the last 60 reader and
 * survival pages opened, so a phone that loses the LAN still shows them:
 * pages are network-first and fall back to the cache, then to `/offline`.
 * Nothing else is cached (answers and the library change).
 */
export const SERVICE_WORKER = `"use strict";
var SHELL = "almanac-shell-${SW_CACHE_VERSION}";
var PAGES = "almanac-pages-${SW_CACHE_VERSION}";
var SHELL_URLS = ["/assets/app.css", "/assets/htmx.min.js", "/assets/sse.js", "/assets/app.js", "/icons/icon.svg", "/offline"];
var MAX_PAGES = 60;
self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(SHELL_URLS); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== SHELL && k !== PAGES; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
function keep(req, res) {
  return caches.open(PAGES).then(function (c) {
    return c.put(req, res).then(function () { return c.keys(); }).then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (k) { return c.delete(k); }));
    });
  });
}
self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/assets/") === 0 || url.pathname.indexOf("/icons/") === 0) {
    e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  var keepable = url.pathname.indexOf("/read/") === 0 || url.pathname.indexOf("/survival") === 0;
  if (!keepable && req.mode !== "navigate") return;
  e.respondWith(fetch(req).then(function (res) {
    if (keepable && res.ok) { var copy = res.clone(); e.waitUntil(keep(req, copy)); }
    return res;
  }).catch(function () {
    return caches.match(req).then(function (hit) { return hit || caches.match("/offline"); });
  }));
});
`;
