(function () {
  "use strict";
  // The findings come once, as JSON in the data island, and are drawn on
  // demand: a first page of rows per risk area, more when the reader
  // scrolls to the end of an area (or presses its button), all of them
  // before printing. Filters run on the data, never on the rows, so a
  // filter costs the same with 40 findings or 10,000. Every value from the
  // export is written with textContent: nothing becomes markup or code.
  var doc = document;
  var island = doc.getElementById("report-data");
  var form = doc.getElementById("filters");
  var status = doc.getElementById("filter-status");
  if (!island || !form || !status) {
    return;
  }
  var data = JSON.parse(island.textContent);

  // Reports up to ALL matching findings are drawn whole (what a customer
  // prints is then exactly what the page shows); beyond it, the areas
  // share a first page of FIRST rows (at least MIN_FIRST each) and grow by
  // PAGE.
  var ALL = 500, FIRST = 100, MIN_FIRST = 10, PAGE = 100;
  var SEV = ["error", "warning", "info"];
  var CHANGE = ["", "new", "remaining"];
  var rank = { "very-high": 4, "high": 3, "medium": 2, "low": 1 };

  var text = doc.getElementById("f-text");
  var areaSel = doc.getElementById("f-area");
  var entitySel = doc.getElementById("f-entity");
  var precision = doc.getElementById("f-precision");
  // Present only when the report compares with a previous audit.
  var change = doc.getElementById("f-change");
  var severities = Array.prototype.slice.call(form.querySelectorAll("input[name=sev]"));
  var sections = Array.prototype.slice.call(doc.querySelectorAll("section.area"));

  var str = data.strings;
  var rules = data.rules.map(function (r) {
    return { id: r[0], title: r[1], precision: rank[r[2]] || 0, fix: r[3] || [] };
  });

  // rows: one per finding, in the page's order (area, entity, rule).
  var rows = [];
  var anchors = {};
  var areas = data.areas.map(function (a, ai) {
    var sec = sections[ai];
    var area = {
      name: sec ? sec.getAttribute("data-area") || "" : "",
      section: sec,
      list: sec && sec.querySelector(".area-findings"),
      more: sec && sec.querySelector("p.more"),
      rows: [], matched: [], shown: 0, ent: null, entEl: null, grp: null, grpEl: null
    };
    a.forEach(function (x) {
      var e = {
        id: x[0], anchor: x[1], label: x[2], cls: str[x[3]], clsLabel: str[x[4]], file: str[x[5]],
        counts: x[6], hours: str[x[7]]
      };
      anchors[e.anchor] = { area: area, entity: e };
      x[8].forEach(function (g) {
        var rule = rules[g[0]];
        g[1].forEach(function (f) {
          var row = {
            area: area, ent: e, rule: rule, grp: g,
            sev: SEV[f[0]] || "info", line: f[1], col: f[2], msg: f[3], place: str[f[4]],
            compat: str[f[5]], excerpt: str[f[6]], change: CHANGE[f[7]] || "", hay: null
          };
          rows.push(row);
          area.rows.push(row);
        });
      });
    });
    return area;
  }).filter(function (a) { return a.list && a.more; });
  var total = rows.length;

  function el(tag, cls, txt) {
    var n = doc.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (txt !== undefined) {
      n.textContent = txt;
    }
    return n;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      parent.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
    }
    return parent;
  }

  function badge(sev, txt) {
    return el("span", "badge " + sev, txt === undefined ? sev : txt);
  }

  function plural(n, one, many) {
    return n.toLocaleString("en-US") + " " + (n === 1 ? one : many);
  }

  // The markup below is the one the server wrote before the findings
  // moved to the data island; the style sheet and the print layout rely
  // on it.
  function entityEl(e) {
    var art = el("article", "entity");
    art.id = e.anchor;
    art.setAttribute("data-entity", e.id);
    art.setAttribute("aria-labelledby", e.anchor + "-h");
    var h = el("h4");
    h.id = e.anchor + "-h";
    add(h, el("code", "", e.id));
    if (e.label) {
      add(h, " ", el("span", "muted", e.label));
    }
    if (e.cls) {
      add(h, " ", el("span", "cls " + e.cls, e.clsLabel));
    }
    var where = add(el("p", "where"), e.file + " · ");
    var names = [["error", "error", "errors"], ["warning", "warning", "warnings"], ["info", "info", "info"]];
    for (var i = 0; i < 3; i++) {
      if (e.counts[i]) {
        add(where, badge(names[i][0], e.counts[i] + " " + (e.counts[i] === 1 ? names[i][1] : names[i][2])), " ");
      }
    }
    add(where, "· " + e.hours);
    return add(art, h, where);
  }

  function groupEl(rule) {
    var div = el("div", "rule-group");
    div.setAttribute("data-precision", Object.keys(rank).filter(function (k) { return rank[k] === rule.precision; })[0] || "");
    var a = el("a", "no-print", "why?");
    a.href = "#rule-" + rule.id;
    add(div, add(el("h5"), el("span", "", rule.id + " · " + rule.title), " ", a));
    if (rule.fix.length > 0) {
      var p = add(el("p", "fix"), el("strong", "", "Fix:"), " ");
      rule.fix.forEach(function (s) {
        add(p, s[1] ? el("code", "", s[0]) : s[0]);
      });
      add(div, p);
    }
    return add(div, el("ol", "occurrences"));
  }

  function findingEl(r) {
    var li = el("li", "finding " + r.sev);
    li.setAttribute("data-sev", r.sev);
    if (r.change) {
      li.setAttribute("data-change", r.change);
    }
    add(li, badge(r.sev), " ");
    if (r.change) {
      add(li, el("span", "change " + r.change, r.change), " ");
    }
    add(li, el("span", "msg", r.msg), el("br"), el("span", "loc", r.ent.file + ":" + r.line + ":" + r.col));
    if (r.place) {
      add(li, " ", add(el("span", "place", "in "), el("code", "", r.place)));
    }
    if (r.compat) {
      add(li, " ", el("span", "place", "(" + r.compat + ")"));
    }
    if (r.excerpt) {
      add(li, add(el("pre"), el("code", "", r.excerpt)));
    }
    return li;
  }

  // draw appends up to n more matching rows to an area, continuing the
  // entity and rule group the last row was in.
  function draw(area, n) {
    var end = Math.min(area.matched.length, area.shown + n);
    var frag = doc.createDocumentFragment();
    for (var i = area.shown; i < end; i++) {
      var r = area.matched[i];
      if (r.ent !== area.ent) {
        area.ent = r.ent;
        area.entEl = frag.appendChild(entityEl(r.ent));
        area.grp = null;
      }
      if (r.grp !== area.grp) {
        area.grp = r.grp;
        area.grpEl = area.entEl.appendChild(groupEl(r.rule)).lastChild;
      }
      area.grpEl.appendChild(findingEl(r));
    }
    area.shown = end;
    area.list.appendChild(frag);
    var left = area.matched.length - end;
    area.more.hidden = left === 0;
    if (left > 0) {
      area.more.firstChild.textContent = "Show " + plural(Math.min(PAGE, left), "more finding", "more findings") +
        " (" + left.toLocaleString("en-US") + " not shown yet in " + area.name + ")";
    }
  }

  function hay(r) {
    if (r.hay === null) {
      var e = r.ent;
      r.hay = [r.sev, r.change, r.msg, e.file + ":" + r.line + ":" + r.col, r.place ? "in " + r.place : "",
        r.compat, r.excerpt, e.id, e.label || "", e.clsLabel || "", r.rule.id + " · " + r.rule.title].join(" ").toLowerCase();
    }
    return r.hay;
  }

  function state() {
    var on = {};
    severities.forEach(function (c) {
      on[c.value] = c.checked;
    });
    return {
      on: on,
      area: areaSel.value,
      entity: entitySel.value,
      precision: rank[precision.value] || 0,
      change: change ? change.value : "",
      terms: text.value.toLowerCase().split(/\s+/).filter(Boolean)
    };
  }

  function matches(s, r) {
    if (s.on[r.sev] === false || (s.area !== "" && r.area.name !== s.area) || (s.entity !== "" && r.ent.id !== s.entity) ||
      r.rule.precision < s.precision || (s.change !== "" && r.change !== s.change)) {
      return false;
    }
    if (s.terms.length > 0) {
      var h = hay(r);
      for (var i = 0; i < s.terms.length; i++) {
        if (h.indexOf(s.terms[i]) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  var applied = null;

  function apply() {
    var s = state();
    var key = JSON.stringify(s);
    if (key === applied) {
      return;
    }
    applied = key;
    var shown = 0, nonEmpty = 0;
    areas.forEach(function (a) {
      a.matched = a.rows.filter(function (r) { return matches(s, r); });
      shown += a.matched.length;
      nonEmpty += a.matched.length > 0 ? 1 : 0;
    });
    var first = shown <= ALL ? shown : Math.max(MIN_FIRST, Math.ceil(FIRST / nonEmpty));
    areas.forEach(function (a) {
      a.shown = 0;
      a.ent = a.grp = a.entEl = a.grpEl = null;
      a.list.textContent = "";
      a.section.hidden = a.matched.length === 0;
      draw(a, first);
    });
    var filtered = shown !== total;
    status.textContent = filtered
      ? "Showing " + shown.toLocaleString("en-US") + " of " + plural(total, "finding", "findings") + "."
      : "Showing all " + plural(total, "finding", "findings") + ".";
    doc.documentElement.setAttribute("data-filtered", filtered ? "1" : "0");
  }

  // The entity list can hold thousands of names: it is filled the first
  // time it is needed, not at load.
  var entitiesFilled = false;

  function fillEntities() {
    if (entitiesFilled) {
      return;
    }
    entitiesFilled = true;
    var seen = {}, ids = [];
    rows.forEach(function (r) {
      if (!Object.prototype.hasOwnProperty.call(seen, r.ent.id)) {
        seen[r.ent.id] = true;
        ids.push(r.ent.id);
      }
    });
    ids.sort();
    var frag = doc.createDocumentFragment();
    ids.forEach(function (id) {
      var o = el("option", "", id);
      o.value = id;
      frag.appendChild(o);
    });
    entitySel.appendChild(frag);
  }
  ["focus", "pointerdown", "keydown"].forEach(function (ev) {
    entitySel.addEventListener(ev, fillEntities);
  });

  // The filter lives in the address (#filter?severity=error&q=…), so that
  // a filtered view can be bookmarked or sent.
  var prefix = "#filter?";

  function save() {
    var p = new URLSearchParams();
    var off = severities.filter(function (c) { return !c.checked; });
    if (off.length > 0) {
      p.set("severity", severities.filter(function (c) { return c.checked; }).map(function (c) { return c.value; }).join(","));
    }
    [["area", areaSel], ["entity", entitySel], ["precision", precision], ["change", change]].forEach(function (x) {
      if (x[1] && x[1].value !== "") {
        p.set(x[0], x[1].value);
      }
    });
    if (text.value.trim() !== "") {
      p.set("q", text.value.trim());
    }
    var hash = p.toString() === "" ? "" : prefix + p.toString();
    if (window.history && window.history.replaceState && hash !== window.location.hash) {
      window.history.replaceState(null, "", hash === "" ? window.location.pathname + window.location.search : hash);
    }
  }

  function load() {
    var h = window.location.hash;
    if (h.indexOf(prefix) !== 0) {
      return;
    }
    var p = new URLSearchParams(h.slice(prefix.length));
    if (p.has("severity")) {
      var keep = p.get("severity").split(",");
      severities.forEach(function (c) {
        c.checked = keep.indexOf(c.value) >= 0;
      });
    }
    var pick = function (select, value) {
      if (value !== null && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    };
    pick(areaSel, p.get("area"));
    if (p.has("entity")) {
      fillEntities();
      pick(entitySel, p.get("entity"));
    }
    pick(precision, p.get("precision"));
    if (change) {
      pick(change, p.get("change"));
    }
    text.value = p.get("q") || "";
  }

  // A link to an entity not drawn yet (the top entities at risk, a
  // bookmark) draws its area down to it; if the filters hide it, they are
  // cleared first.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = Object.prototype.hasOwnProperty.call(anchors, id) ? anchors[id] : null;
    if (target === null || doc.getElementById(id) !== null) {
      return;
    }
    var last = function () {
      for (var i = target.area.matched.length - 1; i >= 0; i--) {
        if (target.area.matched[i].ent === target.entity) {
          return i;
        }
      }
      return -1;
    };
    if (last() < 0) {
      form.reset();
      apply();
    }
    var i = last();
    if (i >= target.area.shown) {
      draw(target.area, i + 1 - target.area.shown);
    }
    var node = doc.getElementById(id);
    if (node) {
      node.scrollIntoView();
    }
  }

  function changed() {
    apply();
    save();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(changed, 0);
  });
  doc.addEventListener("keydown", function (ev) {
    var tag = ev.target && ev.target.tagName;
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA") {
      ev.preventDefault();
      text.focus();
    }
  });
  window.addEventListener("hashchange", reveal);

  // More rows when an area's button comes near the viewport, or is
  // pressed; every matching row before printing, since paper cannot
  // scroll.
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (en) {
      var a = en.target.area;
      if (en.isIntersecting && a && !a.more.hidden) {
        draw(a, PAGE);
      }
    });
  }, { rootMargin: "0px 0px 600px 0px" }) : null;
  areas.forEach(function (a) {
    a.more.area = a;
    a.more.firstChild.addEventListener("click", function () {
      draw(a, PAGE);
    });
    if (observer) {
      observer.observe(a.more);
    }
  });
  window.addEventListener("beforeprint", function () {
    areas.forEach(function (a) {
      draw(a, a.matched.length);
    });
  });

  var note = doc.getElementById("needs-script");
  if (note) {
    note.hidden = true;
  }
  form.hidden = false;
  load();
  apply();
  reveal();
  doc.documentElement.setAttribute("data-report-ready", String(total));
  // The report is on screen when the frame holding its first rows has
  // been drawn: a task queued from the next animation frame runs after it.
  if (window.performance && performance.mark) {
    performance.mark("report-rows");
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        performance.mark("report-visible");
      }, 0);
    });
  }
})();
