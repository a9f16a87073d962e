/* gandsl gallery: tag filters on the index and copy buttons on entry pages. No network. */
(function () {
  "use strict";

  function cardTags(card) {
    return Array.prototype.map.call(card.querySelectorAll("[data-tag]"), function (el) {
      return el.getAttribute("data-tag");
    });
  }

  function applyFilter(tag) {
    var shown = 0;
    document.querySelectorAll(".card").forEach(function (card) {
      var show = !tag || cardTags(card).indexOf(tag) >= 0;
      card.hidden = !show;
      if (show) { shown += 1; }
    });
    document.querySelectorAll(".filter").forEach(function (button) {
      var active = button.getAttribute("data-filter") === tag;
      button.classList.toggle("is-active", active);
      button.setAttribute("aria-pressed", active ? "true" : "false");
    });
    var empty = document.querySelector(".empty");
    if (empty) { empty.hidden = shown > 0; }
  }

  function tagFromHash() {
    var match = /^#tag=(.*)$/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setupFilters() {
    var nav = document.querySelector(".filters");
    if (!nav) { return; }
    nav.hidden = false;
    nav.addEventListener("click", function (event) {
      var button = event.target.closest(".filter");
      if (!button) { return; }
      var tag = button.getAttribute("data-filter");
      history.replaceState(null, "", tag ? "#tag=" + encodeURIComponent(tag) : "#");
      applyFilter(tag);
    });
    window.addEventListener("hashchange", function () { applyFilter(tagFromHash()); });
    applyFilter(tagFromHash());
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function flash(button, label) {
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = label;
    window.setTimeout(function () { button.textContent = original; }, 1600);
  }

  function setupCopyButtons() {
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-copy"));
        if (!target) { return; }
        copyText(target.textContent).then(
          function () { flash(button, "copied"); },
          function () { flash(button, "select and copy"); });
      });
    });
  }

  setupFilters();
  setupCopyButtons();
}());
