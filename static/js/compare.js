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
  // The page links carry the ticks in the address, so turning the page keeps them.
  function carryTicks() {
    var ticked = Array.prototype.filter.call(boxes(), function (box) { return box.checked; });
    document.querySelectorAll(".pagination a[href]").forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      url.searchParams.delete("p");
      ticked.forEach(function (box) { url.searchParams.append("p", box.value); });
      link.href = url.pathname + url.search;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "p") { update(); carryTicks(); }
  });
  update();
})();
