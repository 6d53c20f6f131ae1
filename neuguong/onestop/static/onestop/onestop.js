// The procedure typeahead (issue 8): nothing is chosen until the user picks a line.
// - ArrowDown / ArrowUp from the search box highlight a line (nothing is checked yet);
// - Enter picks the highlighted line only: with no line highlighted, Enter does nothing (it never
//   files the first match), so typing "khai sinh" + Enter cannot choose a procedure by itself;
// - a picked line loads the procedure's checklist (htmx on the radio's change) and focus moves on;
// - Escape clears the highlight. A click picks a line as usual.
(function () {
  var active = -1;

  function options() {
    return Array.prototype.slice.call(document.querySelectorAll("#procedure-options .option"));
  }

  function highlight(box, index) {
    var list = options();
    list.forEach(function (o) { o.classList.remove("active"); o.removeAttribute("aria-selected"); });
    active = list.length ? Math.max(-1, Math.min(index, list.length - 1)) : -1;
    if (active >= 0) {
      list[active].classList.add("active");
      list[active].setAttribute("aria-selected", "true");
      list[active].scrollIntoView({ block: "nearest" });
      box.setAttribute("aria-activedescendant", list[active].id);
    } else {
      box.removeAttribute("aria-activedescendant");
    }
    box.setAttribute("aria-expanded", list.length ? "true" : "false");
  }

  function pick(box) {
    var line = options()[active];
    if (!line) return false;
    var radio = line.querySelector("input[type=radio]");
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var next = box.form && box.form.querySelector(".form-grid input:not([disabled]), .form-grid select");
    if (next) next.focus();
    return true;
  }

  document.addEventListener("keydown", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches("[data-typeahead]")) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(box, active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(box, active - 1); }
    else if (e.key === "Escape") { highlight(box, -1); }
    else if (e.key === "Enter") { e.preventDefault(); pick(box); }
  });

  // New matches arrive: nothing highlighted until the user moves to one.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target && e.target.id === "procedure-options") {
      var box = document.querySelector("[data-typeahead]");
      active = -1;
      if (box) highlight(box, -1);
    }
  });
})();
