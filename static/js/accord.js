// Portail ACCORD: the page behaviour that templates once wrote inline (the Content-Security-Policy
// runs no inline script and no inline style attribute).
(function () {
  "use strict";

  // Progress bars: <div class="progress-bar" data-progression="42"> gets its width here
  // (setting a style property from a script file is allowed by the policy).
  function largeurs(racine) {
    racine.querySelectorAll("[data-progression]").forEach(function (barre) {
      var valeur = Math.max(0, Math.min(100, parseFloat(barre.dataset.progression) || 0));
      barre.style.width = valeur + "%";
    });
  }

  // An element with data-erreur-htmx="message" shows that message in the element named by
  // data-erreur-cible when one of its htmx requests fails (replaces hx-on::response-error).
  document.addEventListener("htmx:responseError", function (evt) {
    var source = evt.detail && evt.detail.elt && evt.detail.elt.closest("[data-erreur-htmx]");
    if (!source) return;
    var cible = document.getElementById(source.dataset.erreurCible);
    if (!cible) return;
    var span = document.createElement("span");
    span.className = "text-danger";
    span.textContent = source.dataset.erreurHtmx;
    cible.replaceChildren(span);
  });

  // Links that go back one page (replaces href="javascript:history.back()").
  document.addEventListener("click", function (evt) {
    var lien = evt.target.closest && evt.target.closest("[data-retour]");
    if (lien && window.history.length > 1) {
      evt.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    largeurs(document);
    if (window.htmx) {
      window.htmx.onLoad(largeurs);
    }
  });
})();
