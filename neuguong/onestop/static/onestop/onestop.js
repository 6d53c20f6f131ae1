// Keyboard help for the procedure typeahead: ArrowDown from the search box moves to the chosen option.
document.addEventListener("keydown", function (e) {
  var box = e.target;
  if (!box.matches || !box.matches("[data-typeahead]") || e.key !== "ArrowDown") return;
  var radio = document.querySelector("#procedure-options input[type=radio]:checked") ||
              document.querySelector("#procedure-options input[type=radio]");
  if (radio) { e.preventDefault(); radio.focus(); }
});
