// Loads htmx without ever making the page wait for it. Links and forms are plain HTML, so
// the page works at once; htmx enhances it when a copy arrives.
//
// With data-cdn, the CDN copy is asked for first (async, with its integrity hash). If it
// fails, or has not arrived after data-wait milliseconds (a network that black-holes the
// CDN answers nothing for many seconds), the vendored copy from data-src is loaded instead
// and the CDN request is disowned, so a late CDN copy never runs and htmx starts only once.
// Once the CDN has failed in this tab, later pages go straight to the vendored copy.
// Without data-cdn (HTMX_FROM_CDN=false) only the vendored copy is loaded.
//
// htmx 2 starts on DOMContentLoaded, or at once if the document is already "complete". A
// copy that runs after DOMContentLoaded but before the load event (the usual case here: an
// async script delays the load event) would wait for an event that has passed and never
// start, so the loader repeats that event for it. Loaded with defer, so it runs before
// DOMContentLoaded and knows whether the event has passed.
// Kept in a file, not inline, so the CSP needs no inline script.
(function () {
  var self = document.currentScript;
  if (!self || window.htmx) return;
  var local = self.getAttribute("data-src");
  var cdn = self.getAttribute("data-cdn");
  var wait = parseInt(self.getAttribute("data-wait"), 10) || 1000;
  var MEMO = "board.htmx-cdn-failed";
  var chosen = null;
  var contentLoaded = false;
  document.addEventListener("DOMContentLoaded", function () { contentLoaded = true; });

  function remembered() {
    try { return window.sessionStorage.getItem(MEMO) === "1"; } catch (e) { return false; }
  }

  function remember() {
    try { window.sessionStorage.setItem(MEMO, "1"); } catch (e) { /* private mode: ask the CDN again */ }
  }

  function add(src, integrity) {
    var script = document.createElement("script");
    script.src = src;
    if (integrity) {
      script.integrity = integrity;
      script.crossOrigin = "anonymous";
    }
    script.async = true;
    script.addEventListener("load", startLate);
    document.head.appendChild(script);
    return script;
  }

  // A script's load event follows its execution at once, so readyState is what htmx saw.
  function startLate() {
    if (contentLoaded && document.readyState !== "complete") {
      document.dispatchEvent(new Event("DOMContentLoaded"));
    }
  }

  function useLocal(cdnScript) {
    if (chosen === "local" || window.htmx) return;
    chosen = "local";
    remember();
    if (cdnScript) {
      // A script moved into another document before it runs is never run (HTML's "execute
      // the script element" step checks the document); removing it alone would not stop it.
      document.implementation.createHTMLDocument("").adoptNode(cdnScript);
    }
    add(local);
  }

  if (!cdn || remembered()) {
    useLocal(null);
    return;
  }
  chosen = "cdn";
  var cdnScript = add(cdn, self.getAttribute("data-integrity"));
  cdnScript.addEventListener("error", function () { useLocal(cdnScript); });
  window.setTimeout(function () { useLocal(cdnScript); }, wait);
})();
