/* Drag-and-drop upload of several files at once, a progress bar per file.
   Progressive enhancement of the plain upload form (form[data-dropzone]):
   without JavaScript the form posts as it is. Each file is posted on its own,
   with the form's other fields, to the form's action; the answer is JSON. */
(function () {
  "use strict";
  if (window.casemgrDocumentUpload) { return; }
  window.casemgrDocumentUpload = true;

  function row(list, file) {
    var item = document.createElement("li");
    item.className = "upload-item";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Uploading " + file.name);
    var status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = "waiting";
    item.append(name, " ", bar, " ", status);
    list.appendChild(item);
    return { item: item, bar: bar, status: status, index: list.children.length };
  }

  function send(form, file, ui) {
    return new Promise(function (resolve) {
      var data = new FormData(form);
      data.delete("files");
      data.append("files", file, file.name);
      // One POST per file: each carries a one-time form token of its own (the
      // form's token plus the file's place), so a resent upload still acts once
      // while the second file is not taken for a repeat of the first.
      var token = data.get("_form_token");
      if (token) { data.set("_form_token", token + "-" + ui.index); }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          ui.bar.value = Math.round((event.loaded / event.total) * 100);
          ui.status.textContent = ui.bar.value + "%";
        }
      });
      xhr.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
        if (xhr.status === 200 && answer.filed && answer.filed.length) {
          ui.bar.value = 100;
          ui.item.classList.add("done");
          ui.status.textContent = "";
          var link = document.createElement("a");
          link.href = answer.filed[0].url;
          link.textContent = "filed as “" + answer.filed[0].title + "”";
          ui.status.appendChild(link);
        } else {
          ui.item.classList.add("failed");
          ui.status.textContent = (answer.errors && answer.errors.join(" ")) || ("failed (" + xhr.status + ")");
        }
        resolve();
      });
      xhr.addEventListener("error", function () {
        ui.item.classList.add("failed");
        ui.status.textContent = "the upload was interrupted";
        resolve();
      });
      ui.status.textContent = "0%";
      xhr.send(data);
    });
  }

  function uploadAll(form, files) {
    var list = form.querySelector(".upload-progress");
    var jobs = Array.prototype.map.call(files, function (file) {
      return send(form, file, row(list, file));
    });
    Promise.all(jobs).then(function () {
      var done = document.createElement("li");
      done.className = "upload-finished";
      var again = document.createElement("a");
      again.href = window.location.pathname;
      again.textContent = "Show the updated list";
      done.appendChild(again);
      list.appendChild(done);
    });
  }

  function enhance(form) {
    if (form.dataset.enhanced) { return; }
    form.dataset.enhanced = "1";
    var zone = document.createElement("div");
    zone.className = "dropzone";
    zone.tabIndex = 0;
    zone.textContent = "Drop files here to upload them at once (the fields above apply to each)";
    form.insertBefore(zone, form.querySelector(".upload-progress"));
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        uploadAll(form, event.dataTransfer.files);
      }
    });
    form.addEventListener("submit", function (event) {
      var input = form.querySelector('input[type="file"][name="files"]');
      if (!input || !input.files.length || !window.FormData) { return; }
      event.preventDefault();
      uploadAll(form, input.files);
      input.value = "";
    });
  }

  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("form[data-dropzone]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
}());
