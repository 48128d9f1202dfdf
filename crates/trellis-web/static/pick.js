// Pickers: an input marked data-pick="people|teams|surfaces|bets" offers, as you type, the
// matching names from /search/pick (a listbox under the field, arrows and Enter to choose,
// Escape to close). Choosing sends the id in a hidden field of the same name and shows the
// name; typing again sends what is typed. With data-pick-multi the choice is added to a
// comma-separated list of names. Without JavaScript the field takes a name or an id as typed.
(function () {
  "use strict";
  var count = 0;

  function setup(input) {
    var kind = input.getAttribute("data-pick");
    var multi = input.hasAttribute("data-pick-multi");
    var id = input.id || "pick-" + ++count;
    input.id = id;
    var name = input.name;
    var wrap = document.createElement("div");
    wrap.className = "pick";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-options";
    list.className = "pick-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    var hidden = null;
    var timer = null;
    var asked = 0;
    var options = [];
    var active = -1;

    function typedPart() {
      if (!multi) return input.value.trim();
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function render() {
      list.textContent = "";
      options.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        var label = document.createElement("span");
        label.className = "pick-label";
        label.textContent = o.label;
        li.appendChild(label);
        if (o.detail) {
          var detail = document.createElement("span");
          detail.className = "pick-detail";
          detail.textContent = o.detail;
          li.appendChild(detail);
        }
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      if (active >= 0) input.setAttribute("aria-activedescendant", id + "-option-" + active);
      else input.removeAttribute("aria-activedescendant");
    }

    function choose(i) {
      var o = options[i];
      if (!o) return;
      if (multi) {
        var parts = input.value.split(",");
        parts[parts.length - 1] = o.label;
        input.value = parts.map(function (p) { return p.trim(); })
          .filter(function (p) { return p; }).join(", ") + ", ";
      } else {
        input.value = o.label;
        if (!hidden) {
          hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = name;
          wrap.appendChild(hidden);
        }
        hidden.value = o.value;
        input.removeAttribute("name");
        input.setAttribute("data-chosen", o.label);
      }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function typed() {
      if (hidden && input.value !== input.getAttribute("data-chosen")) {
        wrap.removeChild(hidden);
        hidden = null;
        input.name = name;
        input.removeAttribute("data-chosen");
      }
      clearTimeout(timer);
      var q = typedPart();
      if (q.length < 2) {
        options = [];
        close();
        return;
      }
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch("/search/pick?kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(q), {
          credentials: "same-origin",
          headers: { Accept: "application/json" }
        })
          .then(function (r) { return r.ok ? r.json() : { options: [] }; })
          .then(function (body) {
            if (mine !== asked) return;
            options = body.options || [];
            active = options.length ? 0 : -1;
            render();
          })
          .catch(function () {});
      }, 120);
    }

    input.addEventListener("input", typed);
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") {
        active = (active + 1) % options.length;
        render();
        e.preventDefault();
      } else if (e.key === "ArrowUp") {
        active = (active - 1 + options.length) % options.length;
        render();
        e.preventDefault();
      } else if (e.key === "Enter" && active >= 0) {
        choose(active);
        e.preventDefault();
      } else if (e.key === "Escape") {
        close();
        e.preventDefault();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  window.trellisPick = setup;
  Array.prototype.forEach.call(document.querySelectorAll("input[data-pick]"), setup);
})();
