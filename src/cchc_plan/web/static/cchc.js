// cchc: check a form as it is typed (the server answers with the same rules as a write), and
// tell when the plan changed on disk. Plain JavaScript, no library; the pages work without it.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf"]').content;

  function showErrors(form, errors) {
    form.querySelectorAll(".field-error").forEach(function (span) { span.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    errors.forEach(function (error) {
      var span = form.querySelector("#loi-" + (error.field || ""));
      if (!span) { span = form.querySelector("#loi-"); }
      if (span) { span.textContent += error.message + (error.hint ? " → " + error.hint : "") + " "; }
      var field = error.field && form.querySelector('[name="' + error.field + '"]');
      if (field) { field.setAttribute("aria-invalid", "true"); }
    });
  }

  document.querySelectorAll("form[data-check]").forEach(function (form) {
    var timer = null;
    var touched = {};
    function check() {
      var data = new FormData(form);
      if (form.dataset.id) { data.append("id", form.dataset.id); }
      fetch(form.dataset.check, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          // Only the fields the clerk has been to: an empty form is not a page of errors.
          showErrors(form, answer.errors.filter(function (error) { return !error.field || touched[error.field]; }));
        })
        .catch(function () {});
    }
    form.addEventListener("input", function (event) {
      if (event.target.name) { touched[event.target.name] = true; }
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name) { touched[event.target.name] = true; }
      clearTimeout(timer);
      timer = setTimeout(check, 50);
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // The plan changed on disk (git pull, a command, another page): a page to look at shows the
  // new state at once; a page with a form to fill says so and reloads when asked, never under
  // the clerk's hands.
  var version = document.body.dataset.version;
  function editing() {
    return document.querySelector("form.record") !== null;
  }
  setInterval(function () {
    fetch("/api/state", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version === version) { return; }
        if (editing()) { document.getElementById("da-doi").hidden = false; } else { window.location.reload(); }
      })
      .catch(function () {});
  }, 2000);
  window.cchcCsrf = csrf;
})();
