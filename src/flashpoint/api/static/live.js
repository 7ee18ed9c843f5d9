/* flashpoint dashboard, live updates (#17): when a monitor runs, poll /api/live and show
   what arrived since this page was opened, marked "new", without reloading the page.
   Kept apart from app.js: it only adds the live panel and asks the current view to redraw. */
(function () {
  "use strict";
  var POLL_MS = 2000;
  var opened = null;   // the sequence number when the page opened: anything after is new
  var seen = 0;        // the last sequence number asked about
  var fresh = 0;       // events arrived since the page opened
  var alerts = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function get(path) {
    return fetch(path, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + path);
      return r.json();
    });
  }

  function actor(ref) {
    if (!ref) return "?";
    return ref.actor || ref.country || ref.text || "?";
  }

  function panel() {
    var box = el("aside", "live");
    box.id = "live";
    var head = el("div", "live-head");
    var dot = el("span", "live-dot");
    var title = el("b", "", "Live");
    var count = el("span", "live-count", "nothing new since you opened this page");
    count.id = "live-count";
    head.appendChild(dot); head.appendChild(title); head.appendChild(count);
    var list = el("ul", "live-events");
    list.id = "live-events";
    box.appendChild(head); box.appendChild(list);
    var header = document.querySelector("header.top");
    header.parentNode.insertBefore(box, header.nextSibling);
    return box;
  }

  function item(e, at) {
    var li = el("li", "new");
    li.setAttribute("data-event", e.event_id);
    var badge = el("span", "badge-new", "new");
    var link = el("a", "");
    link.href = "#/event/" + encodeURIComponent(e.event_id);
    link.textContent = (e.date && e.date.value ? e.date.value + " " : "") + e.type + " " +
      actor(e.source) + " → " + actor(e.target);
    var ev = el("span", "live-evidence", " " + (e.evidence.text.length > 140 ?
      e.evidence.text.slice(0, 140) + "…" : e.evidence.text));
    var when = el("span", "muted live-at", " (" + at.replace("T", " ").slice(11, 19) + ")");
    li.appendChild(badge); li.appendChild(link); li.appendChild(ev); li.appendChild(when);
    return li;
  }

  function show(updates) {
    var list = document.getElementById("live-events");
    updates.forEach(function (u) {
      u.events.forEach(function (e) {
        list.insertBefore(item(e, u.at), list.firstChild);
        fresh += 1;
      });
      alerts += u.alert_ids.length;
    });
    while (list.children.length > 30) list.removeChild(list.lastChild);
    document.getElementById("live-count").textContent = fresh + " new event" +
      (fresh === 1 ? "" : "s") + (alerts ? ", " + alerts + " alert update" + (alerts === 1 ? "" : "s") : "") +
      " since you opened this page";
    document.body.setAttribute("data-live-new", String(fresh));
    // The overview's numbers and chart are stale now: redraw it (other pages keep the
    // reader's place; the panel links to what is new).
    var hash = location.hash.replace(/^#\/?/, "");
    if (hash === "") window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  function poll() {
    get("/api/live?after=" + seen).then(function (feed) {
      if (opened === null) { opened = feed.seq; seen = feed.seq; }
      else if (feed.updates.length) { show(feed.updates); seen = feed.seq; }
      else seen = Math.max(seen, feed.seq);
      document.body.setAttribute("data-live-seq", String(seen));
    }).catch(function () { /* the server restarts or is busy: try again next time */ })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  function start() {
    get("/api/health").then(function (health) {
      if (!health.live) return;  // a plain `serve`: nothing arrives by itself
      panel();
      document.body.setAttribute("data-live", "on");
      // The page opened at the current sequence number; only what comes after is new.
      get("/api/live?after=" + 2147483647).then(function (feed) {
        opened = feed.seq; seen = feed.seq;
        document.body.setAttribute("data-live-seq", String(seen));
        setTimeout(poll, POLL_MS);
      });
    }).catch(function () { /* no live panel */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
