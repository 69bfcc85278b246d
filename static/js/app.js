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
})();
