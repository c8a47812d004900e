/* the task lists: one checkbox ticks (or unticks) every task of the page */
document.querySelectorAll("[data-tick-all]").forEach(function (all) {
  all.addEventListener("change", function () {
    all.closest("form").querySelectorAll("input[name=task]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
});
