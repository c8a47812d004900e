/* Dates are typed and shown as YYYY-MM-DD in every language. A browser's
   own date box would show the browser's format (mm/dd/yyyy in an English
   Chromium, even on a Chinese page), so any date input a form still has
   becomes a text box asking for YYYY-MM-DD; the server reads that format. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('input[type="date"]').forEach(function (input) {
    input.type = "text";
    input.placeholder = "YYYY-MM-DD";
    input.pattern = "\\d{4}-\\d{2}-\\d{2}";
    input.inputMode = "numeric";
    input.autocomplete = "off";
    input.maxLength = 10;
  });
});
