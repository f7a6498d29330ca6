/* Names for the admin's autocomplete boxes (select2), which screen readers otherwise announce
   as unnamed: each box, its rendered value and its search field take the label of the select
   they stand for. select2 draws and redraws them after the page loads, so every box that
   appears is named as it appears. */
(function () {
  "use strict";

  function labelFor(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var text = label ? label.textContent : select.getAttribute("aria-label") || select.name;
    return text.replace(/:\s*$/, "").trim();
  }

  function name(container) {
    var select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") { return; }
    var text = labelFor(select);
    var box = container.querySelector(".select2-selection");
    if (box) {
      box.removeAttribute("aria-labelledby");
      box.setAttribute("aria-label", text);
    }
    container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (node) {
      node.setAttribute("aria-label", text + ": chosen");
    });
    container.querySelectorAll(".select2-search__field").forEach(function (node) {
      node.setAttribute("aria-label", "Search " + text.toLowerCase());
    });
    // A multiple choice's list of chosen items carries select2's "clear all" control, which is
    // not an item: the list is announced as a group of items instead.
    container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      list.setAttribute("role", "list");
      Array.prototype.forEach.call(list.children, function (child) {
        if (child.tagName !== "LI") { child.setAttribute("role", "listitem"); }
      });
    });
  }

  function nameAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("span.select2-container").forEach(name);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var container = change.target.closest && change.target.closest("span.select2-container");
        if (container) { name(container); } else { nameAll(change.target); }
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
