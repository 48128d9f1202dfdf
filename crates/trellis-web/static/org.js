// The org chart starts with the top of the chart in view; without JavaScript it simply scrolls.
(function () {
  "use strict";
  var c = document.getElementById("chart");
  if (c) c.scrollLeft = (c.scrollWidth - c.clientWidth) / 2;
})();
