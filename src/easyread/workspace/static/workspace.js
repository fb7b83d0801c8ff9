/* The editor's workspace: check the text box as the editor types, apply a suggestion with
 * one click, search the bundled pictures. Everything is checked on the server by easyread's
 * own checker; this file only sends the text and puts the server's HTML (escaped by Jinja)
 * into the page. Without JavaScript the page still works through its forms.
 */
(function () {
  "use strict";

  var PAUSE_MS = 250;            // check this long after the last keystroke
  var form = document.getElementById("approve-form");
  if (!form) { return; }
  var box = document.getElementById("easy-read");
  var status = document.getElementById("check-status");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var url = form.getAttribute("data-url");
  var timer = null;
  var sent = 0;                  // number of the latest request: older answers are ignored
  var controller = null;

  document.documentElement.classList.add("js");

  function pictures() {
    return Array.prototype.map.call(form.querySelectorAll('select[name="picture"]'), function (s) {
      return s.value || null;
    });
  }

  function check() {
    var number = ++sent;
    if (controller) { controller.abort(); }
    controller = new AbortController();
    form.setAttribute("aria-busy", "true");
    fetch("/api/check", {
      method: "POST",
      credentials: "same-origin",
      signal: controller.signal,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({url: url, text: box.value, pictures: pictures(),
                            rows: form.querySelectorAll('select[name="picture"]').length})
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (answer) {
      if (number !== sent) { return; }
      form.removeAttribute("aria-busy");
      if (!answer.ok) {
        status.textContent = answer.data.error || "The text could not be checked.";
        return;
      }
      var data = answer.data;
      document.getElementById("checked").innerHTML = data.checked;
      document.getElementById("preview").innerHTML = data.preview;
      if (data.pictures !== undefined) {          // the number of rows changed
        document.getElementById("pictures").innerHTML = data.pictures;
        fillRowChoice();
      } else {                                      // same rows: new pictures and first words
        Array.prototype.forEach.call(document.querySelectorAll("#pictures img"), function (image, index) {
          if (data.codes[index]) { image.src = "/static/pictures/" + data.codes[index] + ".svg"; }
        });
        Array.prototype.forEach.call(document.querySelectorAll("#pictures .row-label"), function (label, index) {
          if (data.labels[index] !== undefined) { label.textContent = data.labels[index]; }
        });
      }
      if (status.textContent.trim() !== data.summary) { status.textContent = data.summary; }
    }).catch(function (error) {
      if (error.name !== "AbortError" && number === sent) {
        form.removeAttribute("aria-busy");
        status.textContent = "The workspace did not answer; is easyread serve still running?";
      }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, PAUSE_MS);
  }

  box.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target.name === "picture") { check(); }
  });

  // A suggestion: put its wording in place of the words it is about, if they are still there.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.apply");
    if (!button) { return; }
    var start = Number(button.getAttribute("data-start"));
    var end = Number(button.getAttribute("data-end"));
    var found = button.getAttribute("data-found");
    var replacement = button.getAttribute("data-replacement");
    if (box.value.slice(start, end) !== found) {
      status.textContent = "The text changed since it was checked; checking again.";
      check();
      return;
    }
    box.value = box.value.slice(0, start) + replacement + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + replacement.length, start + replacement.length);
    status.textContent = "Changed “" + found + "” to “" + replacement + "”.";
    check();
  });

  // The rules' proposal into the box (the editor's own text stays one Ctrl+Z away in most browsers).
  var useProposal = document.getElementById("use-proposal");
  var proposal = document.getElementById("proposal-text");
  if (useProposal && proposal) {
    useProposal.hidden = false;
    useProposal.addEventListener("click", function () {
      box.focus();
      box.select();
      if (!document.execCommand || !document.execCommand("insertText", false, proposal.content.textContent)) {
        box.value = proposal.content.textContent;
      }
      check();
    });
  }

  // Picture search: the server searches the bundled pictures; a result sets that row's picture.
  var search = document.getElementById("picture-search");
  var query = document.getElementById("picture-query");
  var rowChoice = document.getElementById("picture-row");
  var results = document.getElementById("picture-results");
  var resultsStatus = document.getElementById("picture-results-status");

  function fillRowChoice() {
    var selects = form.querySelectorAll('select[name="picture"]');
    var keep = rowChoice.value;
    rowChoice.textContent = "";
    Array.prototype.forEach.call(selects, function (select, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = String(index + 1);
      rowChoice.appendChild(option);
    });
    if (keep && Number(keep) < selects.length) { rowChoice.value = keep; }
    search.hidden = selects.length === 0;
  }

  function choose(code, description) {
    var select = form.querySelectorAll('select[name="picture"]')[Number(rowChoice.value)];
    if (!select) { return; }
    select.value = code;
    resultsStatus.textContent = "Row " + (Number(rowChoice.value) + 1) + " now has the picture: " + description + ".";
    check();
  }

  function showResults(pictures) {
    results.textContent = "";
    pictures.forEach(function (picture) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      var image = document.createElement("img");
      button.type = "button";
      button.className = "picture-result";
      image.src = picture.src;
      image.alt = "";
      image.width = 48;
      image.height = 48;
      button.appendChild(image);
      button.appendChild(document.createTextNode(picture.description));
      button.addEventListener("click", function () { choose(picture.code, picture.description); });
      item.appendChild(button);
      results.appendChild(item);
    });
    resultsStatus.textContent = pictures.length ? pictures.length + " pictures found." : "No picture found for that word.";
  }

  function searchPictures() {
    fetch("/api/pictures?q=" + encodeURIComponent(query.value), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(showResults)
      .catch(function () { resultsStatus.textContent = "The search did not work; try again."; });
  }

  if (search) {
    fillRowChoice();
    document.getElementById("picture-search-button").addEventListener("click", searchPictures);
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); searchPictures(); }
    });
  }
})();
