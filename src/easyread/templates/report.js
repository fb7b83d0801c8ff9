/* Filters for the editor's report (progressive enhancement: without this script the
   form stays hidden and every competence is shown). Matches on the data-domain,
   data-rules and data-status attributes of each competence. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var competences = Array.prototype.slice.call(document.querySelectorAll("article.competence"));
  var domains = Array.prototype.slice.call(document.querySelectorAll("section.domain"));
  var count = document.getElementById("filter-count");

  function has(list, value) {
    return !value || (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply() {
    var domain = form.elements.domain.value;
    var rule = form.elements.rule.value;
    var status = form.elements.status.value;
    var shown = 0;
    competences.forEach(function (item) {
      var visible = (!domain || item.getAttribute("data-domain") === domain)
        && has(item.getAttribute("data-rules"), rule)
        && has(item.getAttribute("data-status"), status);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    domains.forEach(function (section) {
      section.hidden = !section.querySelector("article.competence:not([hidden])");
    });
    count.textContent = "Showing " + shown + " of " + competences.length + " competences.";
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
})();
