// Filters (of search and of the lists) sit in <details> panels, folded on phones so the results
// come first.
// On a wide screen there is room beside the results, so the panel opens there.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 1001px)");
  document.addEventListener("DOMContentLoaded", function () {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  });
})();
