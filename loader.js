/*! China-readiness widget loader: the only script a host page loads up front.
 *
 * <script src="https://agency.example/widget/loader.js" async
 *         data-endpoint="https://agency.example/api/v1/leads"
 *         data-privacy-url="https://agency.example/privacy"
 *         data-target="#china-check" data-mode="inline|launcher"
 *         data-lang="fr" data-gate="after|before" data-theme="auto|light|dark"
 *         data-datalayer="true"></script>
 *
 * Inline: the widget renders in data-target (or right after this tag), and its WebAssembly
 * is fetched only when that place comes within 300 px of the viewport. Launcher: a button
 * is shown; the WebAssembly is fetched when it is pressed. No inline script, no style
 * attribute, no cookie, nothing from a third party. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var options = script.dataset;
  var JS = "china-readiness-widget.js", WASM = "china-readiness-widget_bg.wasm";
  var launcher = options.mode === "launcher";
  var host = options.target ? document.querySelector(options.target) : null;
  if (!host) {
    host = document.createElement("div");
    if (launcher || !script.parentNode) { document.body.appendChild(host); }
    else { script.parentNode.insertBefore(host, script.nextSibling); }
  }
  host.setAttribute("data-china-readiness", "");
  var started = false;
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  function start(open) {
    if (started) { return; }
    started = true;
    if (open) { host.setAttribute("data-open", "true"); }
    // the wasm is fetched while the module loads, not after it: one round trip less
    var wasm = fetch(new URL(WASM, script.src).href);
    wasm.catch(function () {});
    import(new URL(JS, script.src).href)
      .then(function (widget) {
        // compiling, decoding the quiz and rendering each in a task of its own: the main
        // thread is never held long
        return widget.default({ module_or_path: wasm }).then(nextTask).then(function () {
          widget.prepare();
        }).then(nextTask).then(function () {
          if (placeholder) { placeholder.remove(); }
          widget.mount(host, script);
        });
      })
      .catch(function (error) {
        started = false;
        if (!launcher) { placeholder.remove(); }
        host.dispatchEvent(new CustomEvent("china-readiness:error", { bubbles: true, composed: true, detail: { stage: "load" } }));
        if (window.console) { console.error("china-readiness: could not load the widget", error); }
      });
  }
  var placeholder = null;
  function shadowWith(css) {
    var shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function") {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    }
    return shadow;
  }
  if (launcher) {
    placeholder = document.createElement("button");
    placeholder.type = "button";
    placeholder.textContent = script.getAttribute("data-launcher-label") || "China readiness check";
    placeholder.addEventListener("click", function () { start(true); });
    shadowWith("button{position:fixed;bottom:1.25rem;right:1.25rem;z-index:2147483000;min-height:48px;padding:.75rem 1.25rem;border:0;border-radius:999px;cursor:pointer;font:600 1rem/1.2 system-ui,sans-serif;background:#b3122e;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)}").appendChild(placeholder);
    return;
  }
  // inline: the widget's space is kept from the start (the same figures as `.crw-root > .crw`
  // in widget.css, held together by src/first_paint.rs), so the page does not jump when it renders
  placeholder = document.createElement("div");
  shadowWith(":host{display:block}div{min-height:340px}@media (max-width:480px){div{min-height:460px}}").appendChild(placeholder);
  var box = host.getBoundingClientRect();
  if (box.height > 0 && box.top < window.innerHeight + 300 && box.bottom > -300) {
    // shown and already in (or near) view: no need to wait for the observer's first report
    start(false);
  } else if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) { observer.disconnect(); start(false); return; }
      }
    }, { rootMargin: "300px" });
    observer.observe(host);
  } else {
    start(false);
  }
})();
