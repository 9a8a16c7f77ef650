// Every htmx request carries the CSRF token. It is read from an element inside <body>
// at request time, because boosted navigation swaps the body but never the <head>.
document.addEventListener("htmx:configRequest", function (event) {
  var holder = document.getElementById("csrf-token");
  if (holder) event.detail.headers["X-CSRFToken"] = holder.getAttribute("data-token");
});

// After a swap, move focus to the first field with an error so keyboard and
// screen-reader users hear what went wrong.
document.addEventListener("htmx:afterSwap", function (event) {
  // With an outerHTML swap the original target is detached; the event fires on the new element.
  var target = event.detail.target;
  var root = target && target.isConnected ? target : event.target;
  var invalid = root && root.querySelector && root.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
});

// A boosted link or form swaps the whole <body> like a new page but leaves focus on
// <body>, where a screen reader says nothing and the next Tab starts from the top again.
// Put focus where the new page begins, as if the skip link had been used: its messages
// ("Your application is sent.") if any, so they are read first, else its heading, else
// <main>. Not when something already took focus (an invalid field above, an autofocus).
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.boosted) return;
  if (document.activeElement && document.activeElement !== document.body) return;
  var main = document.getElementById("main");
  if (!main) return;
  var start = main.querySelector(".flashes") || main.querySelector("h1") || main;
  if (!start.hasAttribute("tabindex")) start.setAttribute("tabindex", "-1");
  start.focus({ preventScroll: true });
});

// A click on a link while a live search is still on its way (the search box fires when the
// click takes focus from it) must not lose the race: the search would answer last and put
// its address in the bar over the page just opened. So a boosted navigation aborts the
// requests of the page it leaves, and nothing of that page starts while it is under way.
(function () {
  var pending = [];
  var navigating = false;

  function isBoosted(detail) {
    return Boolean(detail && (detail.boosted || (detail.requestConfig && detail.requestConfig.boosted)));
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isBoosted(event.detail)) {
      navigating = true;
      pending.splice(0).forEach(function (elt) { htmx.trigger(elt, "htmx:abort"); });
    } else if (navigating) {
      event.preventDefault();
    } else {
      pending.push(event.detail.elt);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (isBoosted(event.detail)) {
      navigating = false;
      return;
    }
    var at = pending.indexOf(event.detail.elt);
    if (at >= 0) pending.splice(at, 1);
  });
})();
