/*
 * The self-scan (templates/scan/form.html), enhanced: "3 of 12 answered" follows the answers as they are
 * chosen, and a form that came back with errors puts the focus on its error summary. Without this script
 * the page says how many statements there are (or, after an error, how many were answered) and works the
 * same.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-scan-form]");
  if (!form) {
    return;
  }

  var summary = form.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  var progress = form.querySelector("[data-scan-progress]");
  if (!progress) {
    return;
  }
  var text = progress.querySelector("[data-scan-progress-text]");
  var bar = progress.querySelector("progress");
  var pattern = progress.getAttribute("data-pattern") || "";
  var scales = Array.prototype.slice.call(form.querySelectorAll("fieldset.scale"));

  function update() {
    var answered = scales.filter(function (scale) {
      return scale.querySelector("input[type=radio]:checked") !== null;
    }).length;
    if (text && pattern) {
      text.textContent = pattern.replace("{answered}", String(answered));
    }
    if (bar) {
      bar.value = answered;
      bar.hidden = false;
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.closest && event.target.closest("fieldset.scale")) {
      update();
    }
  });
  update();
})();
