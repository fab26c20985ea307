// accord workbench: the only script, served from /static (no inline script anywhere).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("toggle-removed");
  if (button) {
    button.addEventListener("click", function () {
      var all = document.querySelectorAll("details.removed");
      var open = button.getAttribute("data-open") !== "1";
      all.forEach(function (d) { d.open = open; });
      button.setAttribute("data-open", open ? "1" : "0");
      button.textContent = open ? "hide removed lines" : "show removed lines";
    });
  }
  var target = document.getElementById("target");
  if (target) { target.scrollIntoView({ block: "center" }); }
});
