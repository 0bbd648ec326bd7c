/*
 * Forms marked data-warn-unsaved (the self-scan, a plan item's log entry, reflections and edit form, the
 * notes of a yearly conversation, a team plan), enhanced: leaving the page while one of them holds
 * something not saved (closing the tab, following a link, going back, saving another form on the page)
 * first asks the browser's "leave this page?". Saving
 * the form itself does not ask. A form counts as not saved when what it holds differs from what the page
 * came with, and always when it came back with an error summary (or data-warn-unsaved="returned"): what
 * was typed then is not saved yet. The page opens at such a form through the #fragment of its action;
 * the script then puts the focus on the error summary at its top. Without this script, the forms work the
 * same; only the question and the focus are missing.
 */
(function () {
  "use strict";

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
  if (!forms.length) {
    return;
  }

  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      parts.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  var tracked = forms.map(function (form) {
    var entry = {
      form: form,
      start: snapshot(form),
      returned:
        form.getAttribute("data-warn-unsaved") === "returned" || form.querySelector(".error-summary") !== null,
      submitted: false,
    };
    form.addEventListener("submit", function () {
      entry.submitted = true;
    });
    return entry;
  });

  function unsaved(entry) {
    return !entry.submitted && (entry.returned || snapshot(entry.form) !== entry.start);
  }

  window.addEventListener("beforeunload", function (event) {
    if (tracked.some(unsaved)) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });

  // Back on this page from the browser's cache after saving a form: what it holds now was sent.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      tracked.forEach(function (entry) {
        if (entry.submitted) {
          entry.start = snapshot(entry.form);
          entry.returned = false;
          entry.submitted = false;
        }
      });
    }
  });

  // After the page has scrolled to the #fragment of the form's action: that scroll moves the focus too.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) {
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        summary.focus();
      }, 0);
    });
  }
})();
