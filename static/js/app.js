/* casemgr: the little behaviour pages need beyond htmx. No inline scripts: the
   Content-Security-Policy allows scripts from this site only. */
(function () {
  "use strict";
  // A read-only address to copy (the calendar feed): one click selects all of it.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-click")) {
      target.select();
    }
  });

  // "Add another" on a formset (templates/includes/formset_add.html): without
  // JavaScript the button posts the form back for one more row; here the row is
  // added in the page from the formset's empty form, and the count goes up.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-formset-add]");
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty-form");
    var rows = document.querySelector("[data-formset-rows='" + prefix + "']");
    if (!total || !template || !rows) {
      return; // fall back to posting the form
    }
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  });
})();
