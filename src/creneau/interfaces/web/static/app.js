// Créneau: progressive enhancement only (the pages work without JavaScript).
// The add-job form answers "can I take it, and by when" as she types, from the
// JSON endpoint /api/what-if (the what-if service with a due date, else the promise).
(function () {
  "use strict";
  var form = document.getElementById("job-form");
  if (!form) { return; }
  var out = document.getElementById(form.getAttribute("data-answer"));
  var timer = null;
  var asked = 0;
  function ask() {
    var data = new FormData(form);
    var effort = (data.get("effort") || "").trim();
    var client = data.get("client");
    if (!effort || !client) { return; }
    var params = new URLSearchParams();
    ["client", "effort", "due", "title", "kind", "deadline"].forEach(function (name) {
      var value = data.get(name);
      if (value) { params.set(name, value); }
    });
    var mine = ++asked;
    out.textContent = out.getAttribute("data-wait") || "…";
    fetch("/api/what-if?" + params.toString(), { headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (mine !== asked) { return; }
        var p = document.createElement("p");
        if (result.ok) {
          p.className = result.body.possible === true ? "yes" : (result.body.possible === false ? "no" : "info");
          p.textContent = result.body.sentence;
        } else {
          p.className = "error";
          p.textContent = typeof result.body.detail === "string" ? result.body.detail : "?";
        }
        out.replaceChildren(p);
      })
      .catch(function () { if (mine === asked) { out.textContent = ""; } });
  }
  form.addEventListener("input", function (event) {
    if (["effort", "due", "client", "kind", "deadline"].indexOf(event.target.name) < 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(ask, 600);
  });
})();
