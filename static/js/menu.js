// The main navigation's menu button on phones. Loaded in <head> without defer, so the
// "has-js" class is on <html> before the first paint: only then does the CSS fold the
// links behind the button. Without JavaScript the button stays hidden and every link shows.
// Listeners sit on the document, so they keep working after hx-boost swaps the <body>.
(function () {
  document.documentElement.classList.add("has-js");

  function toggleOf(target) {
    return target && target.closest ? target.closest(".nav-toggle") : null;
  }

  function setOpen(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var toggle = toggleOf(event.target);
    if (toggle) setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes an open menu and puts focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var nav = event.target && event.target.closest && event.target.closest(".main-nav");
    var toggle = nav && nav.querySelector(".nav-toggle[aria-expanded='true']");
    if (!toggle) return;
    setOpen(toggle, false);
    toggle.focus();
  });
})();
