// The interactive org chart. Without JavaScript the page shows the server's SVG chart, whose
// boxes lead to each person's part of the organisation. With it, the chart becomes a tree
// to work in: expand and collapse anyone (reports are fetched when opened, a hundred at a
// time, so it works at 100,000 people), a manager's people without reports stacked in a
// column, zoom, fit to screen, drag to pan, colour by team, bucket or function, a badge on
// boxes with findings, find a person and open the chart down to them, and arrow keys to move
// between people (down: first report, up: manager, left and right: colleagues).
(function () {
  "use strict";
  var app = document.getElementById("orgchart");
  var fallback = document.getElementById("chart");
  if (!app || !window.fetch) {
    if (fallback) fallback.scrollLeft = (fallback.scrollWidth - fallback.clientWidth) / 2;
    return;
  }
  var root = app.getAttribute("data-root");
  var view = app.querySelector(".orgchart-view");
  var canvas = app.querySelector(".orgchart-canvas");
  var tree = app.querySelector(".orgtree");
  var status = app.querySelector(".orgchart-status");
  var legend = app.querySelector(".orgchart-legend");
  var colourBy = app.querySelector("select[data-act=colour]");
  var zoom = 1;
  var PALETTE = 12;
  // Each value shown gets its own colour while there are colours enough (in the legend's order).
  var assigned = {};

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function colourOf(value) {
    return assigned[value] === undefined ? PALETTE - 1 : assigned[value];
  }

  function keyOf(node, by) {
    if (by === "team") return node.team || "no team";
    if (by === "bucket") return node.bucket || "no bucket";
    if (by === "function") return node.function || "not set";
    return "";
  }

  function item(node, level) {
    var li = el("li");
    li.setAttribute("role", "treeitem");
    li.setAttribute("aria-level", String(level));
    li.dataset.id = node.id;
    li._node = node;
    var box = el("div", "person");
    var name = el("a", "name", node.name);
    name.href = node.href;
    name.setAttribute("tabindex", "-1");
    box.appendChild(name);
    if (node.title) box.appendChild(el("span", "title", node.title));
    var meta = [];
    if (node.team) meta.push(node.team);
    if (node.reports) meta.push(plural(node.reports, "report", "reports"));
    if (meta.length) box.appendChild(el("span", "meta", meta.join(" · ")));
    if (node.findings) {
      var badge = el("a", "badge", String(node.findings));
      badge.href = node.href + "#findings";
      badge.title = plural(node.findings, "finding", "findings") + " about " + node.name;
      badge.setAttribute("aria-label", badge.title);
      box.appendChild(badge);
    }
    li.appendChild(box);
    if (node.reports) {
      li.setAttribute("aria-expanded", "false");
      var toggle = el("button", "toggle");
      toggle.type = "button";
      toggle.setAttribute("aria-label", "Show the " + plural(node.reports, "report", "reports") + " of " + node.name);
      toggle.textContent = "+" + node.reports;
      toggle.addEventListener("click", function () { setOpen(li, li.getAttribute("aria-expanded") !== "true"); });
      box.appendChild(toggle);
      if (node.children) {
        fill(li, node.children, node.reports);
        show(li, true);
      }
    }
    paint(li);
    return li;
  }

  // Puts `children` under `li` (appending to what is there), with a "more" button while
  // some are not loaded yet.
  function fill(li, children, total) {
    var group = li.querySelector(":scope > ul");
    if (!group) {
      group = el("ul");
      group.setAttribute("role", "group");
      li.appendChild(group);
    }
    var more = group.querySelector(":scope > li.more");
    if (more) group.removeChild(more);
    var level = Number(li.getAttribute("aria-level")) + 1;
    children.forEach(function (c) { group.appendChild(item(c, level)); });
    var shown = group.querySelectorAll(":scope > li[role=treeitem]").length;
    // People without reports, more than three of them: a column, not a row.
    var column = shown > 3 && Array.prototype.every.call(
      group.querySelectorAll(":scope > li[role=treeitem]"),
      function (x) { return !x._node.reports; });
    group.classList.toggle("column", column);
    if (shown < total) {
      var rest = el("li", "more");
      var button = el("button", "", "Show " + Math.min(100, total - shown) + " more of " + total);
      button.type = "button";
      button.addEventListener("click", function () {
        load(li, shown).then(function () { focusName(li.querySelector(":scope > ul > li.more button") || li); });
      });
      rest.appendChild(button);
      group.appendChild(rest);
    }
    li.dataset.loaded = String(shown);
  }

  function load(li, offset) {
    status.textContent = "Loading the reports of " + li._node.name + "…";
    return getJSON("/org/" + encodeURIComponent(li.dataset.id) + "/reports.json?offset=" + offset)
      .then(function (body) {
        fill(li, body.reports, body.total);
        status.textContent = "";
        legendFor();
      })
      .catch(function () { status.textContent = "The reports of " + li._node.name + " could not be loaded."; });
  }

  function show(li, open) {
    li.setAttribute("aria-expanded", open ? "true" : "false");
    var toggle = li.querySelector(":scope > .person > .toggle");
    if (toggle) {
      toggle.textContent = open ? "−" : "+" + li._node.reports;
      toggle.setAttribute("aria-label", (open ? "Hide" : "Show") + " the " +
        plural(li._node.reports, "report", "reports") + " of " + li._node.name);
    }
  }

  function setOpen(li, open) {
    if (!li._node.reports) return Promise.resolve();
    show(li, open);
    if (open && !li.querySelector(":scope > ul")) return load(li, 0);
    return Promise.resolve();
  }

  function paint(li) {
    var by = colourBy.value;
    var box = li.querySelector(":scope > .person");
    for (var i = 0; i < PALETTE; i++) box.classList.remove("c" + i);
    if (by) box.classList.add("c" + colourOf(keyOf(li._node, by)));
  }

  // The legend of the values shown, each with its colour; the boxes painted to match.
  function legendFor() {
    legend.textContent = "";
    var by = colourBy.value;
    var items = tree.querySelectorAll("li[role=treeitem]");
    var seen = {};
    Array.prototype.forEach.call(items, function (li) { seen[keyOf(li._node, by)] = true; });
    var keys = Object.keys(seen).sort();
    assigned = {};
    keys.forEach(function (k, i) { assigned[k] = i % PALETTE; });
    Array.prototype.forEach.call(items, paint);
    if (!by) return;
    keys.forEach(function (k) {
      var entry = el("li");
      entry.appendChild(el("span", "swatch c" + colourOf(k)));
      entry.appendChild(document.createTextNode(k));
      legend.appendChild(entry);
    });
  }

  function setZoom(z) {
    zoom = Math.max(0.2, Math.min(2, z));
    canvas.style.zoom = String(zoom);
  }

  function fit() {
    setZoom(1);
    var style = window.getComputedStyle(view);
    var room = view.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var wide = canvas.scrollWidth;
    if (wide > room) setZoom((room - 2) / wide);
  }

  function focusName(li) {
    var a = li.querySelector(":scope > .person > a.name") || li.querySelector("button");
    if (!a) return;
    Array.prototype.forEach.call(tree.querySelectorAll("a.name[tabindex='0']"), function (x) { x.setAttribute("tabindex", "-1"); });
    if (a.classList.contains("name")) a.setAttribute("tabindex", "0");
    a.focus();
    a.scrollIntoView({ block: "nearest", inline: "center" });
  }

  // Opens the chart down to `id` (fetching each level on the way) and moves to them.
  function reveal(id) {
    return getJSON("/org/" + encodeURIComponent(id) + "/path.json").then(function (path) {
      var start = path.indexOf(root);
      if (start < 0) {
        window.location.href = "/org/" + encodeURIComponent(id);
        return;
      }
      var li = tree.querySelector(":scope > li");
      var step = function (k) {
        if (k >= path.length) {
          tree.querySelectorAll(".found").forEach(function (x) { x.classList.remove("found"); });
          li.querySelector(":scope > .person").classList.add("found");
          focusName(li);
          return;
        }
        var open = li.getAttribute("aria-expanded") === "true" && li.querySelector(":scope > ul")
          ? Promise.resolve() : setOpen(li, true);
        return open.then(function () {
          var next = li.querySelector(":scope > ul > li[data-id='" + CSS.escape(path[k]) + "']");
          // Further than the reports loaded so far: load on until they are there.
          var tries = 0;
          var more = function () {
            next = li.querySelector(":scope > ul > li[data-id='" + CSS.escape(path[k]) + "']");
            if (next || tries++ > 1000) return Promise.resolve();
            return load(li, Number(li.dataset.loaded || 0)).then(more);
          };
          return more().then(function () {
            if (!next) return;
            li = next;
            return step(k + 1);
          });
        });
      };
      return step(start + 1);
    });
  }

  tree.addEventListener("keydown", function (e) {
    var a = e.target.closest("a.name");
    if (!a) return;
    var li = a.closest("li[role=treeitem]");
    var target = null;
    if (e.key === "ArrowDown") {
      if (!li._node.reports) return;
      e.preventDefault();
      setOpen(li, true).then(function () {
        var first = li.querySelector(":scope > ul > li[role=treeitem]");
        if (first) focusName(first);
      });
      return;
    }
    if (e.key === "ArrowUp") target = li.parentElement.closest("li[role=treeitem]");
    if (e.key === "ArrowRight") target = li.nextElementSibling;
    if (e.key === "ArrowLeft") target = li.previousElementSibling;
    if (e.key === "Enter" || e.key === " ") {
      if (e.key === " ") { e.preventDefault(); setOpen(li, li.getAttribute("aria-expanded") !== "true"); }
      return;
    }
    if (target && target.getAttribute("role") === "treeitem") {
      e.preventDefault();
      focusName(target);
    }
  });

  app.querySelector(".orgchart-tools").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-act]");
    if (!b) return;
    var act = b.getAttribute("data-act");
    if (act === "in") setZoom(zoom * 1.25);
    if (act === "out") setZoom(zoom / 1.25);
    if (act === "fit") fit();
    if (act === "collapse") {
      Array.prototype.forEach.call(tree.querySelectorAll("li[aria-expanded=true]"), function (li) { show(li, false); });
      show(tree.querySelector(":scope > li"), true);
    }
  });
  colourBy.addEventListener("change", legendFor);

  // Find: the picker sends the chosen person's id in a hidden field; the chart opens to them.
  var find = app.querySelector(".orgchart-find");
  find.addEventListener("change", function () {
    var chosen = find.querySelector("input[type=hidden][name=q]");
    if (chosen && chosen.value) reveal(chosen.value);
  });
  find.addEventListener("submit", function (e) {
    var chosen = find.querySelector("input[type=hidden][name=q]");
    if (chosen && chosen.value) {
      e.preventDefault();
      reveal(chosen.value);
    }
  });

  // Drag the background to pan.
  var drag = null;
  view.addEventListener("pointerdown", function (e) {
    if (e.target.closest("a, button") || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, left: view.scrollLeft, top: view.scrollTop };
    view.classList.add("dragging");
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    view.scrollLeft = drag.left - (e.clientX - drag.x);
    view.scrollTop = drag.top - (e.clientY - drag.y);
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    view.classList.remove("dragging");
  });

  getJSON("/org/" + encodeURIComponent(root) + "/chart.json").then(function (body) {
    tree.appendChild(item(body.root, 1));
    var top = tree.querySelector(":scope > li");
    var first = top.querySelector("a.name");
    if (first) first.setAttribute("tabindex", "0");
    app.hidden = false;
    if (fallback) fallback.hidden = true;
    document.querySelectorAll(".no-js").forEach(function (x) { x.hidden = true; });
    // Fitted, but never so small that names cannot be read; wider charts scroll and pan.
    fit();
    if (zoom < 0.7) setZoom(0.7);
    var box = top.querySelector(".person");
    view.scrollLeft = Math.max(0, box.getBoundingClientRect().left - view.getBoundingClientRect().left +
      view.scrollLeft - (view.clientWidth - box.offsetWidth * zoom) / 2);
  }).catch(function () {
    // The server chart stays.
    if (fallback) fallback.scrollLeft = (fallback.scrollWidth - fallback.clientWidth) / 2;
  });
})();
