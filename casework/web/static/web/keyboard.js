/* The menu by keyboard. viewflow's drawer is a Material list: one Tab stop
   into it, the arrow keys between its links, Tab out again. The list leaves
   every link at tabindex -1 when it starts, so Tab never got in: give the
   stop to the page's own link (the selected one), else the first. */
window.addEventListener("load", function () {
  var menu = document.querySelector(".vf-page__menu");
  if (!menu) { return; }
  var items = Array.prototype.slice.call(menu.querySelectorAll("nav .mdc-list-item"));
  if (!items.length || items.some(function (item) { return item.tabIndex === 0; })) { return; }
  var selected = items.filter(function (item) {
    return item.classList.contains("mdc-list-item--selected");
  })[0];
  (selected || items[0]).setAttribute("tabindex", "0");
});
