/* File inputs in the page's language. The browser draws its own button and
   "no file chosen" in the browser's language, whatever the page's: wrap each
   file input with a button labelled from the page (data-file-* on #cw-main,
   translated by the server) and the chosen files' names. Progressive: the
   native input stays in the form, focusable and clickable (laid over the
   button, transparent); without this script it shows as the browser draws it. */
(function () {
  "use strict";
  function texts() {
    var main = document.getElementById("cw-main");
    var d = main ? main.dataset : {};
    return {
      one: d.fileChoose || "Choose a file",
      many: d.fileChooseMany || "Choose files",
      none: d.fileNone || "No file chosen",
      sep: d.fileSep || ", ",
    };
  }
  function enhance(input, t) {
    if (input.dataset.cwFile) { return; }
    input.dataset.cwFile = "1";
    var wrap = document.createElement("span");
    wrap.className = "cw-file";
    wrap.setAttribute("data-testid", "file-picker");
    var button = document.createElement("span");
    button.className = "cw-button cw-file__button";
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.multiple ? t.many : t.one;
    var names = document.createElement("span");
    names.className = "cw-file__names";
    names.setAttribute("aria-live", "polite");
    names.setAttribute("data-testid", "file-names");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(button);
    wrap.appendChild(input);
    wrap.appendChild(names);
    input.classList.add("cw-file__input");
    function show() {
      var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      names.textContent = files.length ? files.join(t.sep) : t.none;
      names.classList.toggle("cw-file__names--none", !files.length);
    }
    input.addEventListener("change", show);
    input.form && input.form.addEventListener("reset", function () { setTimeout(show, 0); });
    show();
  }
  function run() {
    var t = texts();
    document.querySelectorAll('input[type="file"]').forEach(function (input) { enhance(input, t); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
