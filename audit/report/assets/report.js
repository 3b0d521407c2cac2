(function () {
  "use strict";
  // Filtering only hides what the page already shows: with scripts off,
  // every finding stays visible and the controls stay hidden. Nothing is
  // ever written as markup, so text from the export cannot become code.
  var doc = document;
  var form = doc.getElementById("filters");
  var status = doc.getElementById("filter-status");
  var findings = Array.prototype.slice.call(doc.querySelectorAll("li.finding"));
  if (!form || !status) {
    return;
  }
  var text = doc.getElementById("f-text");
  var area = doc.getElementById("f-area");
  var entity = doc.getElementById("f-entity");
  var precision = doc.getElementById("f-precision");
  // Present only when the report compares with a previous audit.
  var change = doc.getElementById("f-change");
  var rank = { "very-high": 4, "high": 3, "medium": 2, "low": 1 };
  var severities = Array.prototype.slice.call(form.querySelectorAll("input[name=sev]"));
  var groups = Array.prototype.slice.call(doc.querySelectorAll(".rule-group, article.entity, section.area"));
  var total = findings.length;

  var items = findings.map(function (li) {
    var ent = li.closest("article.entity");
    var sec = li.closest("section.area");
    var grp = li.closest(".rule-group");
    var head = [ent && ent.querySelector("h4"), grp && grp.querySelector("h5")];
    var hay = li.textContent;
    head.forEach(function (h) {
      if (h) {
        hay += " " + h.textContent;
      }
    });
    return {
      el: li,
      sev: li.getAttribute("data-sev") || "",
      area: sec ? sec.getAttribute("data-area") || "" : "",
      entity: ent ? ent.getAttribute("data-entity") || "" : "",
      precision: rank[grp ? grp.getAttribute("data-precision") || "" : ""] || 0,
      change: li.getAttribute("data-change") || "",
      hay: hay.toLowerCase()
    };
  });

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function apply() {
    var terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var on = {};
    severities.forEach(function (c) {
      on[c.value] = c.checked;
    });
    var a = area.value;
    var e = entity.value;
    var minPrecision = rank[precision.value] || 0;
    var c = change ? change.value : "";
    var shown = 0;
    items.forEach(function (it) {
      var ok = on[it.sev] !== false &&
        (a === "" || it.area === a) &&
        (e === "" || it.entity === e) &&
        it.precision >= minPrecision &&
        (c === "" || it.change === c) &&
        terms.every(function (t) { return it.hay.indexOf(t) >= 0; });
      it.el.hidden = !ok;
      if (ok) {
        shown++;
      }
    });
    groups.forEach(function (g) {
      g.hidden = g.querySelector("li.finding:not([hidden])") === null;
    });
    var filtered = shown !== total;
    status.textContent = filtered
      ? "Showing " + shown + " of " + plural(total, "finding", "findings") + "."
      : "Showing all " + plural(total, "finding", "findings") + ".";
    doc.documentElement.setAttribute("data-filtered", filtered ? "1" : "0");
  }

  // The filter lives in the address (#filter?severity=error&q=…), so that
  // a filtered view can be bookmarked or sent.
  var prefix = "#filter?";

  function save() {
    var p = new URLSearchParams();
    var off = severities.filter(function (c) { return !c.checked; });
    if (off.length > 0) {
      p.set("severity", severities.filter(function (c) { return c.checked; }).map(function (c) { return c.value; }).join(","));
    }
    if (area.value !== "") {
      p.set("area", area.value);
    }
    if (entity.value !== "") {
      p.set("entity", entity.value);
    }
    if (precision.value !== "") {
      p.set("precision", precision.value);
    }
    if (change && change.value !== "") {
      p.set("change", change.value);
    }
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
    pick(area, p.get("area"));
    pick(entity, p.get("entity"));
    pick(precision, p.get("precision"));
    if (change) {
      pick(change, p.get("change"));
    }
    text.value = p.get("q") || "";
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
  form.hidden = false;
  load();
  apply();
  doc.documentElement.setAttribute("data-report-ready", String(total));
})();
