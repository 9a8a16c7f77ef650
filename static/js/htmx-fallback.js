// When the CDN copy of htmx did not load (offline, blocked, integrity mismatch), load the
// vendored copy of the same version. Kept in a file so the CSP needs no inline script.
(function () {
  if (window.htmx) return;
  var src = document.currentScript && document.currentScript.getAttribute("data-src");
  if (src) document.write('<script src="' + src + '"><\/script>');
})();
