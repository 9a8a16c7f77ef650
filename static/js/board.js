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
