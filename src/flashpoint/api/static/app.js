/* flashpoint dashboard: a hash-routed page over the /api/ endpoints of the same server.
 *
 * Safety rule: text from the store (titles, article text, actor names) only ever reaches the
 * page through textContent / createTextNode, never innerHTML, so markup in an article is
 * shown, not run. Everything loaded comes from this server (the CSP allows nothing else).
 */
(function () {
  "use strict";

  var QUAD_COLOURS = { 1: "#2e86c1", 2: "#1e8449", 3: "#d68910", 4: "#b03a2e" };
  var QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation",
                     3: "verbal conflict", 4: "material conflict" };
  var TONE_COLOURS = { cooperation: "#1e8449", conflict: "#b03a2e", mixed: "#8e9aa6" };
  var state = { charts: [], map: null, cy: null };
  window.__fp = state;  // read by the browser tests

  // -- small DOM helpers -------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    for (key in (attrs || {})) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] == null) continue;
      if (key === "text") node.textContent = String(attrs[key]);
      else if (key === "cls") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, String(attrs[key]));
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }

  function add(node, child) {
    if (child == null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }

  function api(path) {
    return fetch(path, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return { ok: false, error: r.statusText }; })
        .then(function (body) {
          if (!r.ok || body.ok === false) {
            throw new Error((body.code ? "[" + body.code + "] " : "") + (body.error || r.status));
          }
          return body;
        });
    });
  }

  function qs(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== undefined && params[k] !== null && params[k] !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function parseHash() {
    var hash = location.hash.replace(/^#\/?/, "");
    var q = hash.indexOf("?");
    var path = q < 0 ? hash : hash.slice(0, q);
    var params = {};
    if (q >= 0) {
      hash.slice(q + 1).split("&").forEach(function (pair) {
        if (!pair) return;
        var kv = pair.split("=");
        params[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || "").replace(/\+/g, " "));
      });
    }
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: params };
  }

  function actorLabel(ref) {
    if (!ref) return "–";
    return ref.actor || ref.text || "–";
  }

  function toll(f) {
    if (!f) return "";
    var k = f.killed != null ? f.killed : f.killed_min;
    return k ? String(k) : "";
  }

  function short(text, n) {
    text = (text || "").replace(/\s+/g, " ");
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  function view() { return document.getElementById("view"); }

  function ready(name) { document.body.setAttribute("data-ready", name); }

  function fail(error) {
    var box = view();
    box.textContent = "";
    add(box, el("p", { cls: "error", role: "alert", text: error.message || String(error) }));
    ready("error");
  }

  function clearPage(name) {
    state.charts.forEach(function (c) { c.destroy(); });
    state.charts = [];
    if (state.map) { state.map.remove(); state.map = null; }
    if (state.cy) { state.cy.destroy(); state.cy = null; }
    document.body.setAttribute("data-ready", "");
    document.querySelectorAll("header nav a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-nav") === name);
    });
    var box = view();
    box.textContent = "";
    return box;
  }

  // -- charts ------------------------------------------------------------------------------

  function toSeconds(day) { return Date.parse(day + "T00:00:00Z") / 1000; }

  var GAP_DAYS = 7;  // a longer silence is a gap in coverage, not a run of zero-event days

  /* Days that have events -> a daily axis. A missing day within GAP_DAYS of the last one
   * counts 0 events; a longer silence (the years between a few events dated only by their
   * year, say) gets one null row, so the lines break there instead of crossing it. */
  function dailyRows(days, keys) {
    var xs = [], cols = keys.map(function () { return []; });
    days.forEach(function (d) {
      var x = toSeconds(d.day);
      if (xs.length) {
        var prev = xs[xs.length - 1], gap = Math.round((x - prev) / 86400);
        if (gap > GAP_DAYS) {
          xs.push(prev + 86400);
          cols.forEach(function (c) { c.push(null); });
        } else {
          for (var k = 1; k < gap; k++) {
            xs.push(prev + k * 86400);
            cols.forEach(function (c) { c.push(0); });
          }
        }
      }
      xs.push(x);
      keys.forEach(function (key, j) { cols[j].push(d[key]); });
    });
    return { xs: xs, cols: cols };
  }

  /* A value with a gap on both sides draws no line, so it is drawn as a point (zeros are not). */
  function isolatedPoints(u, seriesIdx, show) {
    if (show) return null;
    var ys = u.data[seriesIdx], idxs = [];
    for (var i = 0; i < ys.length; i++) {
      if (ys[i] && (i === 0 || ys[i - 1] == null) && (i === ys.length - 1 || ys[i + 1] == null)) {
        idxs.push(i);
      }
    }
    return idxs;
  }

  function lineChart(target, xs, series, opts) {
    var width = Math.max(320, target.clientWidth - 8);
    var chart = new uPlot({
      width: width, height: (opts && opts.height) || 260,
      // The x-axis spans the data, first day to last, and nothing more.
      scales: { x: { time: true, range: function (u, min, max) { return [min, max]; } } },
      series: [{}].concat(series.map(function (s) {
        return { label: s.label, stroke: s.colour, width: 2, spanGaps: false,
                 fill: s.fill || null, points: { show: xs.length < 60, filter: isolatedPoints } };
      })),
      axes: [{}, { label: (opts && opts.yLabel) || "" }],
      hooks: { drawClear: [function (u) { drawBands(u, (opts && opts.bands) || []); }] }
    }, [xs].concat(series.map(function (s) { return s.values; })), target);
    state.charts.push(chart);
    return chart;
  }

  function drawBands(u, bands) {
    var ctx = u.ctx;
    bands.forEach(function (b) {
      var x0 = u.valToPos(b[0], "x", true);
      var x1 = u.valToPos(b[1], "x", true);
      ctx.save();
      ctx.fillStyle = "rgba(176, 58, 46, 0.16)";
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      ctx.strokeStyle = "rgba(176, 58, 46, 0.55)";
      ctx.strokeRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      ctx.restore();
    });
  }

  // -- pages -------------------------------------------------------------------------------

  function alertItem(a) {
    return el("li", { "data-alert": a.alert_id },
      el("a", { href: "#/dyad/" + encodeURIComponent(a.a) + "/" + encodeURIComponent(a.b),
                text: a.a + " – " + a.b }),
      " ", el("span", { cls: "muted", text: a.start + " to " + a.end + ", " +
                        a.ratio.toFixed(1) + "× baseline" }),
      el("div", { cls: "explain", text: a.explanation }));
  }

  function overview() {
    var box = clearPage("overview");
    add(box, el("h1", { text: "Overview" }));
    Promise.all([api("/api/summary"), api("/api/alerts"), api("/api/dyads?top=10"),
                 api("/api/timeline")]).then(function (r) {
      var summary = r[0], alerts = r[1].items, dyads = r[2].items, days = r[3].items;
      var nEvents = 0, nArticles = 0;
      Object.keys(summary.events_by_type).forEach(function (k) { nEvents += summary.events_by_type[k]; });
      Object.keys(summary.articles_by_status).forEach(function (k) { nArticles += summary.articles_by_status[k]; });
      add(box, el("div", { cls: "stats" },
        el("div", { cls: "stat" }, el("b", { text: nArticles }), el("span", { text: "articles" })),
        el("div", { cls: "stat" }, el("b", { text: nEvents }), el("span", { text: "events" })),
        el("div", { cls: "stat" }, el("b", { text: alerts.length }), el("span", { text: "alerts" })),
        el("div", { cls: "stat" }, el("b", { text: dyads.length }), el("span", { text: "active dyads" }))));
      var chartBox = el("div", { cls: "chart", id: "timeline-chart" });
      var grid = el("div", { cls: "grid" },
        el("section", { cls: "card", id: "latest-alerts" }, el("h2", { text: "Latest alerts" }),
          alerts.length ? el("ul", { cls: "alerts" }, alerts.slice(0, 6).map(alertItem))
                        : el("p", { cls: "muted", text: "No escalation detected." })),
        el("section", { cls: "card", id: "active-dyads" }, el("h2", { text: "Most active dyads" }),
          el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "dyad" }),
                                             el("th", { cls: "num", text: "events" }))),
            el("tbody", {}, dyads.map(function (d) {
              return el("tr", {}, el("td", {}, el("a", {
                href: "#/dyad/" + encodeURIComponent(d.a) + "/" + encodeURIComponent(d.b),
                text: d.a + " – " + d.b })), el("td", { cls: "num", text: d.n_events }));
            })))),
        el("section", { cls: "card wide" }, el("h2", { text: "Events per day by quad class" }),
          chartBox));
      add(box, grid);
      var rows = dailyRows(days, ["quad1", "quad2", "quad3", "quad4"]);
      state.timeline = rows.xs.length ? lineChart(chartBox, rows.xs, [1, 2, 3, 4].map(function (q) {
        return { label: QUAD_NAMES[q], colour: QUAD_COLOURS[q], values: rows.cols[q - 1] };
      }), { yLabel: "events" }) : null;
      if (!rows.xs.length) add(chartBox, el("p", { cls: "muted", text: "No dated events yet." }));
      ready("overview");
    }).catch(fail);
  }

  function dyadPage(a, b, params) {
    var box = clearPage("dyad");
    var by = params.by || "week";
    add(box, el("h1", { text: "Dyad " + a + " – " + b }));
    var select = el("select", { id: "dyad-by", "aria-label": "period" },
      ["day", "week", "month"].map(function (p) {
        var o = el("option", { value: p, text: "by " + p });
        if (p === by) o.selected = true;
        return o;
      }));
    select.addEventListener("change", function () {
      location.hash = "#/dyad/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + qs({ by: select.value });
    });
    add(box, el("p", {}, select, el("span", { cls: "legend-note" },
      el("span", { cls: "swatch window" }), "alert window")));
    api("/api/dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + qs({ by: by }))
      .then(function (report) {
        var chartBox = el("div", { cls: "chart", id: "dyad-chart" });
        var alertsBox = el("section", { cls: "card", id: "dyad-alerts" }, el("h2", { text: "Alerts" }));
        var incidentsBox = el("section", { cls: "card wide", id: "dyad-incidents" },
          el("h2", { text: "Incidents behind the alerts" }));
        add(box, el("div", { cls: "grid" },
          el("section", { cls: "card wide" }, el("h2", { text: "Events per " + by +
            (report.trend ? " (trend: " + report.trend.label + ")" : "") }), chartBox),
          alertsBox, incidentsBox));
        var xs = report.series.map(function (p) { return toSeconds(p.period); });
        var step = by === "day" ? 86400 : by === "week" ? 7 * 86400 : 30 * 86400;
        var bands = report.alerts.map(function (al) {
          return [toSeconds(al.start), toSeconds(al.end) + 86400 - 1];
        });
        if (xs.length) {
          lineChart(chartBox, xs, [
            { label: "conflict (quad 3+4)", colour: "#b03a2e", values: report.series.map(function (p) { return p.quad3 + p.quad4; }) },
            { label: "cooperation (quad 1+2)", colour: "#1e8449", values: report.series.map(function (p) { return p.quad1 + p.quad2; }) },
            { label: "killed", colour: "#5d6d7e", values: report.series.map(function (p) { return p.killed; }) }
          ], { bands: bands, yLabel: "per " + by, height: 300 });
        } else {
          add(chartBox, el("p", { cls: "muted", text: "No asserted events between " + a + " and " + b + "." }));
        }
        add(alertsBox, report.alerts.length ? el("ul", { cls: "alerts" }, report.alerts.map(alertItem))
          : el("p", { cls: "muted", text: "No escalation window on this dyad." }));
        var drivers = [];
        report.alerts.forEach(function (al) { al.drivers.forEach(function (d) { drivers.push(d); }); });
        add(incidentsBox, drivers.length ? el("table", {},
          el("thead", {}, el("tr", {}, ["date", "type", "killed", "sources", "evidence"].map(function (h) {
            return el("th", { text: h });
          }))),
          el("tbody", {}, drivers.map(function (d) {
            return el("tr", { "data-incident": d.incident_id },
              el("td", { text: d.date || "undated" }), el("td", { text: d.type }),
              el("td", { cls: "num", text: d.killed == null ? "" : d.killed }),
              el("td", { cls: "num", text: d.n_sources }),
              el("td", { cls: "evidence" }, d.evidence.slice(0, 2).map(function (text, i) {
                return el("div", {}, el("a", { href: "#/event/" + encodeURIComponent(d.event_ids[i] || d.event_ids[0]),
                                               text: short(text, 200) }));
              })));
          }))) : el("p", { cls: "muted", text: "No incident to cite." }));
        state.dyad = { points: xs.length, alerts: report.alerts.length, step: step };
        ready("dyad");
      }).catch(fail);
  }

  var EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  var MODALITIES = ["asserted", "negated", "alleged", "hypothetical", "future"];

  function field(label, input) { return el("label", {}, label, input); }

  function choice(name, values, current) {
    return el("select", { name: name, id: "filter-" + name },
      [el("option", { value: "", text: "any" })].concat(values.map(function (v) {
        var o = el("option", { value: v, text: v });
        if (v === current) o.selected = true;
        return o;
      })));
  }

  function eventsPage(params) {
    var box = clearPage("events");
    add(box, el("h1", { text: "Events" }));
    var form = el("form", { cls: "filters", id: "event-filters" },
      field("type", choice("type", EVENT_TYPES, params.type)),
      field("actor", el("input", { name: "actor", id: "filter-actor", value: params.actor || "", placeholder: "PAK.MIL", size: 10 })),
      field("country", el("input", { name: "country", id: "filter-country", value: params.country || "", placeholder: "AFG", size: 5 })),
      field("modality", choice("modality", MODALITIES, params.modality)),
      field("from", el("input", { type: "date", name: "since", id: "filter-since", value: params.since || "" })),
      field("to", el("input", { type: "date", name: "until", id: "filter-until", value: params.until || "" })),
      el("button", { type: "submit", id: "filter-apply", text: "Apply" }),
      el("button", { type: "button", cls: "secondary", text: "Clear",
                     onclick: function () { location.hash = "#/events"; } }));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var p = {};
      ["type", "actor", "country", "modality", "since", "until"].forEach(function (k) {
        p[k] = form.elements[k].value.trim();
      });
      if (p.country) p.country = p.country.toUpperCase();
      location.hash = "#/events" + qs(p);
    });
    add(box, form);
    var limit = 50, offset = parseInt(params.offset || "0", 10) || 0;
    var query = { type: params.type, actor: params.actor, country: params.country,
                  modality: params.modality, since: params.since, until: params.until,
                  limit: limit, offset: offset };
    api("/api/events" + qs(query)).then(function (page) {
      var rows = page.items.map(function (e) {
        var open = function () { location.hash = "#/event/" + encodeURIComponent(e.event_id); };
        var tr = el("tr", { cls: "link", tabindex: 0, "data-event": e.event_id, "data-type": e.type,
                            onclick: open, onkeydown: function (ev) { if (ev.key === "Enter") open(); } },
          el("td", { text: e.date && e.date.value ? e.date.value : "undated" }),
          el("td", {}, el("span", { cls: "tag q" + (e.quad_class || 0), text: e.type })),
          el("td", { text: actorLabel(e.source) }), el("td", { text: actorLabel(e.target) }),
          el("td", { text: e.location ? (e.location.name || e.location.text || "") : "" }),
          el("td", { text: e.modality }), el("td", { cls: "num", text: toll(e.fatalities) }),
          el("td", { cls: "evidence", text: short(e.evidence.text, 140) }));
        return tr;
      });
      add(box, el("section", { cls: "card" }, el("table", { id: "events-table" },
        el("thead", {}, el("tr", {}, ["date", "type", "source", "target", "place", "modality",
                                       "killed", "evidence"].map(function (h) { return el("th", { text: h }); }))),
        el("tbody", {}, rows)),
        rows.length ? null : el("p", { cls: "muted", id: "no-events", text: "No event matches these filters." }),
        el("div", { cls: "pager" },
          el("button", { type: "button", cls: "secondary", text: "‹ previous", disabled: offset ? null : "disabled",
            onclick: function () { location.hash = "#/events" + qs(Object.assign({}, params, { offset: Math.max(0, offset - limit) })); } }),
          el("span", { cls: "muted", text: "rows " + (rows.length ? offset + 1 : 0) + "–" + (offset + rows.length) }),
          el("button", { type: "button", cls: "secondary", text: "next ›", disabled: page.next_offset == null ? "disabled" : null,
            onclick: function () { location.hash = "#/events" + qs(Object.assign({}, params, { offset: page.next_offset })); } }))));
      ready("events");
    }).catch(fail);
  }

  /* Marks inside the evidence sentence: source, target, place (first match each, no overlap). */
  function innerMarks(evidence, e) {
    var marks = [];
    var wanted = [["actor-source", e.source && e.source.text], ["actor-target", e.target && e.target.text],
                  ["place", e.location && e.location.text]];
    if (e.trigger && e.trigger.start >= evidence.start && e.trigger.end <= evidence.end) {
      marks.push([e.trigger.start - evidence.start, e.trigger.end - evidence.start, "trigger"]);
    }
    var lower = evidence.text.toLowerCase();
    wanted.forEach(function (w) {
      if (!w[1]) return;
      var at = lower.indexOf(w[1].toLowerCase());
      if (at < 0) return;
      var end = at + w[1].length;
      var clash = marks.some(function (m) { return at < m[1] && m[0] < end; });
      if (!clash) marks.push([at, end, w[0]]);
    });
    return marks.sort(function (x, y) { return x[0] - y[0]; });
  }

  function highlighted(text, e) {
    var ev = e.evidence;
    var start = ev.start, end = ev.end;
    // Offsets point into the cleaned text; fall back to searching if they do not line up.
    if (text.slice(start, end) !== ev.text) {
      start = text.indexOf(ev.text);
      end = start + ev.text.length;
    }
    var node = el("article", { cls: "text", id: "article-text" });
    if (start < 0) {
      add(node, text);
      return node;
    }
    var inner = text.slice(start, end);
    var mark = el("mark", { cls: "evidence", id: "evidence" });
    var pos = 0;
    innerMarks({ text: inner, start: start, end: end }, e).forEach(function (m) {
      add(mark, inner.slice(pos, m[0]));
      add(mark, el("span", { cls: m[2], text: inner.slice(m[0], m[1]) }));
      pos = m[1];
    });
    add(mark, inner.slice(pos));
    add(node, [text.slice(0, start), mark, text.slice(end)]);
    return node;
  }

  function eventPage(eventId) {
    var box = clearPage("events");
    api("/api/events/" + encodeURIComponent(eventId)).then(function (one) {
      var e = one.event;
      return api("/api/articles/" + encodeURIComponent(e.doc_id)).then(function (doc) {
        var a = doc.article;
        add(box, el("p", {}, el("a", { href: "#/events", text: "‹ all events" })));
        add(box, el("h1", { id: "article-title", text: a.title || a.doc_id }));
        add(box, el("div", { cls: "two" },
          el("div", {},
            el("p", { cls: "keys" }, el("span", { cls: "evidence-key actor-source", text: "source" }),
              el("span", { cls: "actor-target", text: "target" }), el("span", { cls: "place", text: "place" }),
              el("span", { cls: "trigger", text: "trigger" })),
            highlighted(doc.text, e)),
          el("aside", { cls: "card", id: "event-card" },
            el("h2", {}, el("span", { cls: "tag q" + (e.quad_class || 0), text: e.type }),
               e.mode ? " " + e.mode : ""),
            el("dl", { cls: "meta" },
              [["source", actorLabel(e.source) + (e.source && e.source.name ? " (" + e.source.name + ")" : "")],
               ["target", actorLabel(e.target) + (e.target && e.target.name ? " (" + e.target.name + ")" : "")],
               ["place", e.location ? [e.location.name || e.location.text, e.location.country].filter(Boolean).join(", ") : "–"],
               ["date", e.date ? (e.date.value || "?") + " (" + (e.date.precision || "?") + ", " + (e.date.basis || "?") + ")" : "–"],
               ["modality", e.modality], ["quad class", e.quad_class ? e.quad_class + " " + QUAD_NAMES[e.quad_class] : "–"],
               ["Goldstein", e.goldstein == null ? "–" : e.goldstein], ["killed", toll(e.fatalities) || "–"],
               ["confidence", e.confidence], ["coder", e.coder], ["publisher", a.publisher || "–"],
               ["published", a.published || "–"], ["doc id", a.doc_id]].map(function (row) {
                 return [el("dt", { text: row[0] }), el("dd", { text: row[1] })];
               })),
            a.url ? el("p", {}, el("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank", text: "original page" })) : null,
            doc.events.length > 1 ? el("div", {}, el("h2", { text: "Other events in this article" }),
              el("ul", {}, doc.events.filter(function (x) { return x.event_id !== e.event_id; }).map(function (x) {
                return el("li", {}, el("a", { href: "#/event/" + encodeURIComponent(x.event_id), text: x.type + ": " + short(x.evidence.text, 80) }));
              }))) : null)));
        var mark = document.getElementById("evidence");
        if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "center" });
        ready("event");
      });
    }).catch(fail);
  }

  function periodForm(params, target) {
    var form = el("form", { cls: "filters", id: "period-form" },
      field("from", el("input", { type: "date", name: "since", id: "period-since", value: params.since || "" })),
      field("to", el("input", { type: "date", name: "until", id: "period-until", value: params.until || "" })),
      el("button", { type: "submit", text: "Show" }));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      location.hash = target + qs({ since: form.elements.since.value, until: form.elements.until.value });
    });
    return form;
  }

  var LABEL_PX = 13;  // the on-screen size of a network label at any zoom

  /* Keep every label LABEL_PX tall on screen, whatever zoom the layout was fitted at, and
   * show only labels that do not collide: the busiest actors first, each below its node or
   * else above it; the others appear on hover, or when zooming in gives them room. */
  function readableLabels(cy) {
    var zoom = cy.zoom();
    cy.nodes().removeClass("label-hidden label-top").style("font-size", LABEL_PX / zoom);
    var kept = [];
    var overlaps = function (a, b) {
      return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    };
    var free = function (n) {
      var box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (kept.some(function (k) { return overlaps(k, box); })) return false;
      kept.push(box);
      return true;
    };
    cy.nodes().sort(function (a, b) { return b.data("size") - a.data("size"); }).forEach(function (n) {
      if (free(n)) return;
      n.addClass("label-top");
      if (!free(n)) n.removeClass("label-top").addClass("label-hidden");
    });
  }

  function networkPage(params) {
    var box = clearPage("network");
    add(box, el("h1", { text: "Actor network" }));
    add(box, periodForm(params, "#/network"));
    add(box, el("p", { cls: "legend-note" }, "Who acts on whom (asserted events); edge colour:",
      el("span", { cls: "swatch coop" }), "cooperation", el("span", { cls: "swatch conflict" }), "conflict",
      el("span", { cls: "swatch mixed" }), "mixed; width: number of events."));
    var holder = el("div", { id: "network" });
    add(box, holder);
    api("/api/network" + qs({ since: params.since, until: params.until })).then(function (net) {
      if (!net.nodes.length) {
        add(holder, el("p", { cls: "muted", text: "No actor-to-actor events in this period." }));
        state.network = { nodes: 0, edges: 0 };
        ready("network");
        return;
      }
      var maxN = Math.max.apply(null, net.nodes.map(function (n) { return n.n_events; }));
      var elements = net.nodes.map(function (n) {
        return { data: { id: n.id, label: n.id, size: 18 + 34 * Math.sqrt(n.n_events / maxN) } };
      }).concat(net.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, n: e.n_events,
                         colour: TONE_COLOURS[e.tone], width: 1 + Math.min(9, Math.log2(1 + e.n_events) * 1.6) } };
      }));
      state.cy = cytoscape({
        container: holder, elements: elements, minZoom: 0.2, maxZoom: 4,
        style: [
          // Labels are dark on a white halo, so edges drawn under them do not hide them.
          { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
            "background-color": "#1f4e79", color: "#14181c", "font-size": LABEL_PX,
            "font-weight": 600, "text-valign": "bottom", "text-margin-y": 3,
            "text-outline-color": "#ffffff", "text-outline-width": 2.5, "text-outline-opacity": 0.95,
            "z-index": 2 } },
          { selector: "node.label-top", style: { "text-valign": "top", "text-margin-y": -3 } },
          { selector: "node.label-hidden", style: { "text-opacity": 0 } },
          { selector: "node.label-hidden.hover", style: { "text-opacity": 1, "z-index": 9 } },
          { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)",
            "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
            "curve-style": "bezier", opacity: 0.85, "z-index": 1 } }
        ],
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 12000,
                  idealEdgeLength: 100, nodeDimensionsIncludeLabels: true, padding: 24 }
      });
      readableLabels(state.cy);
      state.cy.on("mouseover", "node", function (ev) { ev.target.addClass("hover"); });
      state.cy.on("mouseout", "node", function (ev) { ev.target.removeClass("hover"); });
      state.cy.on("zoom", function () { readableLabels(state.cy); });
      state.network = { nodes: net.nodes.length, edges: net.edges.length };
      ready("network");
    }).catch(fail);
  }

  /* Country rings that cross the antimeridian (Russia's far east, Fiji) jump from +180 to
   * -180 and back; drawn as they are, each jump is a line across the whole map. Such a ring
   * is unwrapped (each longitude kept within 180 degrees of the one before), then cut at the
   * meridian it spills over into two rings, the far one moved back by 360 degrees. */
  function unwrapRing(ring) {
    var out = [], shift = 0;
    ring.forEach(function (p, i) {
      if (i) {
        var step = p[0] + shift - out[i - 1][0];
        if (step > 180) shift -= 360;
        else if (step < -180) shift += 360;
      }
      out.push([p[0] + shift, p[1]]);
    });
    return out;
  }

  /* The part of a ring on one side of the meridian x0 (Sutherland-Hodgman, one edge). */
  function clipRing(ring, x0, west) {
    var out = [];
    var inside = function (p) { return west ? p[0] <= x0 : p[0] >= x0; };
    ring.forEach(function (a, i) {
      var b = ring[(i + 1) % ring.length];
      if (inside(a)) out.push(a);
      if (inside(a) !== inside(b)) {
        out.push([x0, a[1] + (x0 - a[0]) / (b[0] - a[0]) * (b[1] - a[1])]);
      }
    });
    return out;
  }

  function splitRing(ring) {
    var u = unwrapRing(ring);
    var xs = u.map(function (p) { return p[0]; });
    var min = Math.min.apply(null, xs), max = Math.max.apply(null, xs);
    var shifted = function (r, by) { return r.map(function (p) { return [p[0] + by, p[1]]; }); };
    if (Math.abs(u[u.length - 1][0] - u[0][0]) > 180) return [ring];  // winds round a pole
    if (max > 180) return [clipRing(u, 180, true), shifted(clipRing(u, 180, false), -360)];
    if (min < -180) return [clipRing(u, -180, false), shifted(clipRing(u, -180, true), 360)];
    return [ring];
  }

  /* The countries as GeoJSON ready for Leaflet: every polygon kept west of +180 and east of
   * -180. Antarctica is left out: no incident happens there, and in Web Mercator it is a
   * band as wide as the world along the bottom of the map. */
  function countryShapes(topology) {
    var all = topojson.feature(topology, topology.objects.countries);
    var features = all.features.filter(function (f) {
      return f.geometry && f.properties.name !== "Antarctica";
    }).map(function (f) {
      var polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      var out = [];
      polygons.forEach(function (rings) {
        var pieces = splitRing(rings[0]).filter(function (r) { return r.length >= 3; });
        out.push([pieces[0]].concat(rings.slice(1)));
        pieces.slice(1).forEach(function (piece) { out.push([piece]); });
      });
      return { type: "Feature", id: f.id, properties: f.properties,
               geometry: { type: "MultiPolygon", coordinates: out } };
    });
    return { type: "FeatureCollection", features: features };
  }

  function mapPage(params) {
    var box = clearPage("map");
    add(box, el("h1", { text: "Incidents on the map" }));
    add(box, periodForm(params, "#/map"));
    add(box, el("p", { cls: "legend-note", text: "Each circle is an incident placed by its coordinates; its size grows with fatalities." }));
    var holder = el("div", { id: "map" });
    add(box, holder);
    Promise.all([fetch("/static/vendor/world-atlas/countries-110m.json").then(function (r) { return r.json(); }),
                 api("/api/map" + qs({ since: params.since, until: params.until }))]).then(function (r) {
      // Vector layers need a view before they are added: start on the whole world.
      var map = L.map(holder, { worldCopyJump: true, attributionControl: true, minZoom: 1 })
        .setView([20, 20], 2);
      state.map = map;
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution("Country shapes: Natural Earth (world-atlas)");
      state.countries = L.geoJSON(countryShapes(r[0]), {
        style: { color: "#8fa3b5", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false
      }).addTo(map);
      var markers = r[1].items.map(function (i) {
        var killed = i.killed || 0;
        var popup = el("div", {}, el("b", { text: i.type || "incident" }), el("br"),
          (i.first_date || "undated") + ", " + (i.country || ""), el("br"),
          killed + " killed, " + (i.n_sources || 0) + " source(s)");
        return L.circleMarker([i.lat, i.lon], {
          radius: 4 + 3 * Math.sqrt(killed), color: "#7b241c", weight: 1,
          fillColor: killed ? "#b03a2e" : "#d68910", fillOpacity: 0.55, className: "incident-marker"
        }).bindPopup(popup).addTo(map);
      });
      if (markers.length) {
        map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 5 });
      } else {
        add(box, el("p", { cls: "muted", text: "No incident with coordinates in this period." }));
      }
      state.markers = markers.length;
      ready("map");
    }).catch(fail);
  }

  function runsPage() {
    var box = clearPage("runs");
    add(box, el("h1", { text: "Runs" }));
    api("/api/runs").then(function (runs) {
      add(box, el("section", { cls: "card" }, el("table", { id: "runs-table" },
        el("thead", {}, el("tr", {}, ["run", "command", "coder", "started", "status", "counts"].map(function (h) {
          return el("th", { text: h });
        }))),
        el("tbody", {}, runs.items.map(function (r) {
          var counts = Object.keys(r.counts).filter(function (k) { return typeof r.counts[k] === "number"; })
            .map(function (k) { return k + " " + r.counts[k]; }).join(", ");
          return el("tr", {}, el("td", { text: r.run_id }), el("td", { text: r.command }),
            el("td", { text: r.coder || "" }), el("td", { text: r.started.replace("T", " ").slice(0, 19) }),
            el("td", { text: r.status }), el("td", { cls: "muted", text: counts }));
        })))));
      ready("runs");
    }).catch(fail);
  }

  function route() {
    var h = parseHash();
    var p = h.parts;
    if (p[0] === "events") eventsPage(h.params);
    else if (p[0] === "event" && p[1]) eventPage(p[1]);
    else if (p[0] === "dyad" && p[1] && p[2]) dyadPage(p[1], p[2], h.params);
    else if (p[0] === "network") networkPage(h.params);
    else if (p[0] === "map") mapPage(h.params);
    else if (p[0] === "runs") runsPage();
    else overview();
  }

  window.addEventListener("hashchange", route);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", route);
  else route();
})();
