/* Every table keeps its column names on a phone: a cell without a
   data-label takes its column's header text, so the shared table style
   (casework.css) shows each value under its column's name. Templates may
   write data-label themselves; this fills the tables that do not. Cells
   spanning columns (an empty list's note) and headerless columns stay bare. */
(function () {
  "use strict";
  function label(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    var names = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.colSpan === 1 && !cell.hasAttribute("data-label") && names[col]) {
            cell.setAttribute("data-label", names[col]);
          }
          col += cell.colSpan;
        });
      });
    });
  }
  function run() { document.querySelectorAll("table.cw-table").forEach(label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
