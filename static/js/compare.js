// The compare tray's count: how many case studies are ticked, and whether that can be compared.
// Progressive only: the form submits and the server checks the choice without this script.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) return;
  var count = document.querySelector("[data-compare-count]");
  function boxes() {
    return document.querySelectorAll('input[name="p"][form="compare-form"], #compare-form input[name="p"]');
  }
  function update() {
    var n = Array.prototype.filter.call(boxes(), function (box) { return box.checked; }).length;
    if (!count) return;
    if (n < 2) count.textContent = n + " ticked: tick " + (2 - n) + " more to compare.";
    else if (n > 4) count.textContent = n + " ticked: compare at most 4.";
    else count.textContent = n + " ticked: ready to compare.";
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "p") update();
  });
  update();
})();
