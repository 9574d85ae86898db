// Questionnaire: autosave while typing. The page works without this
// script; with it, a section saves itself shortly after typing stops or on
// each change, and shows and hides questions as the server says. The form
// answering a clarification (data-preview) is not saved before it is sent:
// the server only says which questions the typed answers show. No rule of
// the questionnaire lives here.
"use strict";
(function () {
  var delay = 1500; // ms after the last key

  function setup(form, preview) {
    var status = form.querySelector(".save-status");
    var timer = null;
    var busy = false;
    var again = false;
    var stopped = false; // after a conflict: the buttons take over
    var submitter = null; // a button pressed while a save was under way

    function say(text, reloadURL) {
      if (!status) { return; }
      status.textContent = text;
      if (reloadURL) {
        status.appendChild(document.createTextNode(" "));
        var a = document.createElement("a");
        a.href = reloadURL;
        a.textContent = status.getAttribute("data-reload");
        status.appendChild(a);
      }
    }

    function token() {
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) { return meta.getAttribute("content"); }
      var field = form.querySelector('input[name="csrf"]');
      return field ? field.value : "";
    }

    // show applies the server's list of shown blocks; inputs in hidden
    // blocks are disabled, so that they are not sent.
    function show(visible) {
      var shown = {};
      visible.forEach(function (id) { shown[id] = true; });
      form.querySelectorAll("[data-conditional]").forEach(function (el) {
        el.hidden = !shown[el.id];
      });
      form.querySelectorAll("input, select, textarea, button").forEach(function (el) {
        if (el.type === "hidden" && (el.name === "csrf" || el.name === "version")) { return; }
        if (el.type === "submit" && el.hasAttribute("tabindex")) { return; }
        el.disabled = el.closest("[hidden]") !== null;
      });
    }

    function save() {
      timer = null;
      if (stopped) { return; }
      if (busy) { again = true; return; }
      busy = true;
      if (!preview) { say(status ? status.getAttribute("data-busy") : ""); }
      var body = new URLSearchParams(new FormData(form));
      if (preview) { body.set("actie", "bekijk"); }
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": token() }
      }).then(function (res) {
        return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
      }).then(function (r) {
        if (r.ok && preview) {
          show(r.data.visible || []);
        } else if (r.ok) {
          form.querySelector('input[name="version"]').value = r.data.version;
          Object.keys(r.data.ids || {}).forEach(function (name) {
            var el = form.querySelector('input[type="hidden"][name="' + CSS.escape(name) + '"]');
            if (el && !el.value) { el.value = r.data.ids[name]; }
          });
          show(r.data.visible || []);
          say(r.data.status);
        } else if (r.status === 409 && r.data.reload) {
          stopped = true;
          say(r.data.message, r.data.reload);
        } else {
          say(r.data.message || "");
        }
      }).catch(function () {
        say(status ? status.getAttribute("data-offline") : "");
      }).then(function () {
        busy = false;
        if (submitter !== null) {
          // Post the form only now, with the version this save returned.
          var b = submitter;
          submitter = null;
          form.requestSubmit(b);
        } else if (again) { again = false; save(); }
      });
    }

    form.addEventListener("input", function (ev) {
      if (ev.target.type === "radio" || ev.target.type === "checkbox") { return; } // "change" saves those
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, delay);
    });
    // A save under way would make the form's version old: the button's
    // post waits for it.
    form.addEventListener("submit", function (ev) {
      if (timer) { clearTimeout(timer); timer = null; }
      if (busy) {
        ev.preventDefault();
        again = false;
        submitter = ev.submitter || form.querySelector('button[type="submit"]');
        return;
      }
      stopped = true;
    });
    form.addEventListener("change", function () {
      if (timer) { clearTimeout(timer); }
      save();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(function (f) { setup(f, false); });
    document.querySelectorAll("form[data-preview]").forEach(function (f) { setup(f, true); });
  });
})();
