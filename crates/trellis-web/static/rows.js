// Repeatable rows: an "Add another" button (a submit button that shows the form again with one
// more row, without JavaScript) adds the row here instead, numbered after the last one, with
// its pickers ready.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("fieldset[data-rows]"), function (set) {
    var kind = set.getAttribute("data-rows");
    var button = set.querySelector("button[name=add]");
    if (!button) return;
    button.addEventListener("click", function (e) {
      var rows = set.querySelectorAll("[data-row='" + kind + "']");
      var last = rows[rows.length - 1];
      if (!last) return;
      e.preventDefault();
      var n = rows.length + 1;
      var row = last.cloneNode(true);
      // A picker's wrapper and hidden id go; the bare input is set up again below.
      Array.prototype.forEach.call(row.querySelectorAll(".pick"), function (wrap) {
        var input = wrap.querySelector("input[data-pick]");
        wrap.parentNode.replaceChild(input, wrap);
      });
      Array.prototype.forEach.call(row.querySelectorAll(".field-error"), function (el) {
        el.parentNode.removeChild(el);
      });
      var renumber = function (v) { return v.replace(new RegExp("^" + kind + "-\\d+"), kind + "-" + n); };
      Array.prototype.forEach.call(row.querySelectorAll("[id], [for], [name]"), function (el) {
        if (el.id) el.id = renumber(el.id);
        if (el.htmlFor) el.htmlFor = renumber(el.htmlFor);
        if (el.tagName === "INPUT" || el.tagName === "SELECT") {
          el.name = el.id;
          el.value = "";
          ["role", "aria-expanded", "aria-controls", "aria-autocomplete", "aria-activedescendant",
            "aria-invalid", "data-chosen"].forEach(function (a) { el.removeAttribute(a); });
        }
      });
      last.parentNode.insertBefore(row, last.nextSibling);
      if (window.trellisPick) {
        Array.prototype.forEach.call(row.querySelectorAll("input[data-pick]"), window.trellisPick);
      }
      var first = row.querySelector("input, select");
      if (first) first.focus();
    });
  });
})();
