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
 * is fetched only when that place comes within 300 px of the viewport. Beside it the loader
 * fetches the prerendered first screen in the visitor's language (first/<locale>.json: the
 * intro and first question as the widget renders them) and shows it at once; the visitor can
 * press Start and pick options there, and the widget, once loaded, hydrates that screen as
 * they left it. The WebAssembly carries the reference language's texts; another language's
 * (texts/<locale>.bin, a few KB) is fetched beside it and handed over with the screen.
 * Launcher: a button is shown; the WebAssembly is fetched when it is pressed.
 * No inline script, no style attribute, no cookie, nothing from a third party. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var options = script.dataset;
  var JS = "china-readiness-widget.js", WASM = "china-readiness-widget_bg.wasm";
  // the quiz's languages, the reference language first (held to quiz/ by src/first_paint.rs)
  var LOCALES = ["en", "de", "fr", "zh-Hans"];
  // the launcher's words in each (as quiz/i18n says them, held there by src/first_paint.rs)
  var LABELS = { "en": "Check your China readiness", "de": "China-Readiness pr\u00fcfen", "fr": "Testez votre maturit\u00e9 Chine", "zh-Hans": "\u6d4b\u4e00\u6d4b\u54c1\u724c\u5165\u534e\u6210\u719f\u5ea6" };
  var launcher = options.mode === "launcher";
  var host = null;
  // the widget's language, as it will choose it: the embed's, else the browser's
  var wanted = [options.lang].concat(navigator.languages || [navigator.language]);
  var started = false, mounted = false;
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  // as readiness::Quiz::negotiate_locale: the first wanted tag the quiz has, exactly or by
  // its first part, else the reference language
  function negotiate(wanted) {
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i] || "").trim().toLowerCase(), base = tag.split(/[-_]/)[0];
      for (var j = 0; j < LOCALES.length; j++) { if (LOCALES[j].toLowerCase() === tag) { return LOCALES[j]; } }
      for (j = 0; j < LOCALES.length; j++) { if (LOCALES[j].split("-")[0].toLowerCase() === base) { return LOCALES[j]; } }
    }
    return LOCALES[0];
  }
  // the prerendered first screen, while the widget is on its way: what the visitor does
  // there (Start, options ticked) is kept in `prelude` and handed to the widget
  var first = null, prelude = { locale: null, started_at_ms: null, chosen: [], next: false, switch_to: null, draft: false, resume: false };
  // a journey saved on this device: the intro offers to resume it (the widget's key)
  var DRAFT = "china-readiness:draft:v1";
  function saved() {
    try { return !!window.localStorage.getItem(DRAFT); } catch (blocked) { return false; }
  }
  function intro(screen) { return prelude.draft ? screen.resume : screen.intro; }
  // puts a prerendered screen in place; in launcher mode its dialog is open (as it was)
  function paint(markup, open) {
    first.root.innerHTML = markup;
    themed(first.root);
    var dialog = first.root.querySelector("dialog");
    if (dialog && open) { dialog.showModal(); }
  }
  // the screens are rendered in the automatic theme; a theme the embed sets is shown at once
  function themed(root) {
    var theme = host.getAttribute("data-theme") || options.theme;
    var widget = root.querySelector(".crw");
    if (widget && (theme === "light" || theme === "dark")) { widget.classList.replace("crw--auto", "crw--" + theme); }
  }
  function dialogOpen() {
    var dialog = first.root.querySelector("dialog");
    return !!dialog && dialog.open;
  }
  function onClick(event) {
    var target = event.target;
    if (target.closest(".crw-launcher")) { first.root.querySelector("dialog").showModal(); return; }
    if (target.closest(".crw-dialog-close")) { first.root.querySelector("dialog").close(); return; }
    if (target.closest(".crw-question button[type=button]")) {
      // Back, from the first question: the intro again, as the widget does it
      prelude.started_at_ms = null;
      prelude.chosen = [];
      prelude.next = false;
      paint(intro(first.screen), dialogOpen());
    } else if (target.closest(".crw-intro .crw-button--primary") && prelude.draft) {
      // Resume: where the saved journey left off is the widget's to show, once it is here
      prelude.resume = true;
      return;
    } else if (target.closest(".crw-intro .crw-button") && prelude.started_at_ms === null) {
      // Start (or Restart, which sets the saved journey aside)
      prelude.started_at_ms = Date.now();
      prelude.draft = false;
      prelude.resume = false;
      paint(first.screen.question, dialogOpen());
    } else {
      return;
    }
    var heading = first.root.querySelector("[data-crw-focus]");
    if (heading) { heading.focus(); }
  }
  // number keys pick the nth option, as in the widget
  function onKey(event) {
    var form = event.target.closest && event.target.closest(".crw-question");
    var digit = Number(event.key);
    var input = form && digit >= 1 && digit <= 9 && form.querySelectorAll("input")[digit - 1];
    if (input) { event.preventDefault(); input.click(); }
  }
  function onChange(event) {
    if (event.target.id === "crw-language") { switchTo(event.target.value); return; }
    var inputs = first.root.querySelectorAll(".crw-question input");
    prelude.chosen = [];
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked) { prelude.chosen.push(inputs[i].value); }
    }
    showChosen();
  }
  // the options ticked, as the widget renders them: marked, and Next once something is chosen
  function showChosen() {
    var inputs = first.root.querySelectorAll(".crw-question input");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].checked = prelude.chosen.indexOf(inputs[i].value) >= 0;
      inputs[i].parentNode.classList.toggle("crw-option--checked", inputs[i].checked);
    }
    var next = first.root.querySelector(".crw-question [type=submit]");
    if (next) { next.disabled = prelude.chosen.length === 0; }
  }
  // another language: its first screen in place of this one, with what was done kept; should
  // the widget arrive first, it switches itself (`switch_to`)
  function switchTo(locale) {
    prelude.switch_to = locale;
    textsOf(locale);
    screenOf(locale)
      .then(function (screen) {
        if (!screen || mounted || prelude.switch_to !== locale) { return; }
        first.screen = screen;
        prelude.locale = screen.locale;
        prelude.switch_to = null;
        paint(prelude.started_at_ms === null ? intro(screen) : screen.question, dialogOpen());
        showChosen();
        first.root.querySelector("#crw-language").focus();
      })
      .catch(function () {});
  }
  function onSubmit(event) {
    event.preventDefault();
    // the widget goes on as soon as it has taken over
    prelude.next = prelude.chosen.length > 0;
  }
  var handlers = [["click", onClick], ["change", onChange], ["submit", onSubmit], ["keydown", onKey]];
  // resolves once the first screen is on the page (painted) or cannot be had
  // the first screen of a language, for this mode (fetched once)
  var screens = {};
  function screenOf(locale) {
    var url = new URL("first/" + locale + (launcher ? ".launcher" : "") + ".json", script.src).href;
    screens[url] = screens[url] || fetch(url)
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
    return screens[url];
  }
  // a language's texts for the widget (none needed for the reference language; none when they
  // cannot be had: the widget then starts in the reference language and fetches them itself)
  var texts = {};
  function textsOf(locale) {
    if (locale === LOCALES[0]) { return Promise.resolve(undefined); }
    texts[locale] = texts[locale] || fetch(new URL("texts/" + locale + ".bin", script.src).href)
      .then(function (response) { return response.ok ? response.arrayBuffer() : undefined; })
      .then(function (bytes) { return bytes && new Uint8Array(bytes); })
      .catch(function () { return undefined; });
    return texts[locale];
  }
  // the texts of the language shown when the widget takes over (the visitor may switch meanwhile)
  function shownTexts() {
    var locale = prelude.locale || negotiate(wanted);
    return textsOf(locale).then(function (bytes) {
      return (prelude.locale || negotiate(wanted)) === locale ? bytes : shownTexts();
    });
  }
  function showFirst(sheet) {
    return screenOf(negotiate(wanted))
      .then(function (screen) {
        if (!screen || mounted || !placeholder) { return; }
        var root = document.createElement("div");
        root.className = "crw-root";
        // before it replaces anything: a page that refuses markup (Trusted Types) keeps the
        // placeholder, and the widget renders as it would without a first screen
        prelude.draft = saved();
        root.innerHTML = intro(screen);
        themed(root);
        sheet.replaceSync(screen.css);
        placeholder.replaceWith(root);
        placeholder = null;
        first = { screen: screen, root: root };
        // the launcher was pressed: its dialog opens at once
        if (launcher) { root.querySelector("dialog").showModal(); }
        prelude.locale = screen.locale;
        handlers.forEach(function (h) { root.addEventListener(h[0], h[1]); });
        return new Promise(function (painted) { requestAnimationFrame(function () { setTimeout(painted, 0); }); });
      })
      .catch(function () {});
  }
  function handOver() {
    if (!first) { return undefined; }
    handlers.forEach(function (h) { first.root.removeEventListener(h[0], h[1]); });
    // a dialog the visitor closed stays closed
    if (launcher) { host.setAttribute("data-open", String(dialogOpen())); }
    return JSON.stringify(prelude);
  }
  function start(open) {
    if (started) { return; }
    started = true;
    if (open) { host.setAttribute("data-open", "true"); }
    // the first screen first: its few KB need not share a slow line with the wasm
    // (not waiting long for it: a first screen that is slow to come never holds the widget back)
    var shown = sheet ? showFirst(sheet) : Promise.resolve();
    Promise.race([shown, new Promise(function (late) { setTimeout(late, 2000); })]).then(load);
  }
  function load() {
    // the wasm is fetched while the module loads, not after it: one round trip less
    var wasm = fetch(new URL(WASM, script.src).href);
    wasm.catch(function () {});
    textsOf(prelude.locale || negotiate(wanted));
    import(new URL(JS, script.src).href)
      .then(function (widget) {
        // compiling, decoding the quiz and rendering each in a task of its own: the main
        // thread is never held long
        return widget.default({ module_or_path: wasm }).then(nextTask).then(function () {
          widget.prepare();
        }).then(nextTask).then(shownTexts).then(function (bytes) {
          if (placeholder) { placeholder.remove(); }
          mounted = true;
          widget.mount(host, script, handOver(), bytes);
        });
      })
      .catch(function (error) {
        started = false;
        if (placeholder && !launcher) { placeholder.remove(); }
        if (first) { first.root.remove(); first = null; }
        host.dispatchEvent(new CustomEvent("china-readiness:error", { bubbles: true, composed: true, detail: { stage: "load" } }));
        if (window.console) { console.error("china-readiness: could not load the widget", error); }
      });
  }
  var placeholder = null, sheet = null;
  function shadowWith(css) {
    var shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function") {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    }
    return shadow;
  }
  // inline: the first screen is asked for at once, while the page is still arriving (a tag
  // in <head> runs before the body exists: the widget's place is found once it does)
  if (!launcher) { screenOf(negotiate(wanted)); }
  if (!(options.target ? document.querySelector(options.target) : document.body) && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place);
  } else {
    place();
  }
  function place() {
    host = options.target ? document.querySelector(options.target) : null;
    if (!host) {
      host = document.createElement("div");
      var parent = script.parentNode;
      if (launcher || !parent || parent === document.head) { document.body.appendChild(host); }
      else { parent.insertBefore(host, script.nextSibling); }
    }
    host.setAttribute("data-china-readiness", "");
    wanted[0] = host.getAttribute("data-lang") || options.lang;
    if (launcher) {
      placeholder = document.createElement("button");
      placeholder.type = "button";
      placeholder.textContent = script.getAttribute("data-launcher-label") || LABELS[negotiate(wanted)];
      placeholder.addEventListener("click", function () { start(true); });
      // the visitor is about to press it: the first screen is on its way already
      ["pointerenter", "focus", "touchstart"].forEach(function (intent) {
        placeholder.addEventListener(intent, function () { screenOf(negotiate(wanted)); }, { once: true, passive: true });
      });
      shadowWith("button{position:fixed;bottom:1.25rem;right:1.25rem;z-index:2147483000;min-height:48px;padding:.75rem 1.25rem;border:0;border-radius:999px;cursor:pointer;font:600 1rem/1.2 system-ui,sans-serif;background:#b3122e;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)}@media (max-width:480px){button{bottom:.75rem;right:.75rem;min-height:44px;padding:.5rem 1rem;font-size:.875rem}}:host([data-beside-inline]) button{visibility:hidden}").appendChild(placeholder);
      host.setAttribute("data-mode", "launcher");
      besideInline();
      return;
    }
    // the launcher steps aside while an inline widget is in view: it never covers its content
    function besideInline() {
      if (!("IntersectionObserver" in window)) { return; }
      var inView = [];
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          var at = inView.indexOf(entry.target);
          if (entry.isIntersecting && at < 0) { inView.push(entry.target); }
          if (!entry.isIntersecting && at >= 0) { inView.splice(at, 1); }
        });
        host.toggleAttribute("data-beside-inline", inView.length > 0);
      });
      var inline = document.querySelectorAll("[data-china-readiness]:not([data-mode=launcher])");
      for (var i = 0; i < inline.length; i++) { observer.observe(inline[i]); }
      document.addEventListener("china-readiness:inline", function (event) { observer.observe(event.target); });
    }
    // inline: the widget's space is kept from the start (the same figures as `.crw-root > .crw`
    // in widget.css, held together by src/first_paint.rs), so the page does not jump when it renders
    placeholder = document.createElement("div");
    shadowWith(":host{display:block}div{min-height:340px}@media (max-width:480px){div{min-height:460px}}").appendChild(placeholder);
    host.dispatchEvent(new CustomEvent("china-readiness:inline", { bubbles: true }));
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
  }
})();
