// Portail ACCORD: autocomplete pickers (Tom Select, static/vendor/tom-select/).
//
// A <select data-picker-url="…"> holds only the value chosen and a bounded list of first choices
// (creneaux.recherche); here it becomes a Tom Select that asks its JSON endpoint for the rest:
// GET url?q=… → {"resultats": [{"value", "text", "detail"}]}. Without JavaScript the plain select
// still works with the choices it holds. No inline script: the page includes this file.
(function () {
  "use strict";

  function texte(chaine) {
    var div = document.createElement("div");
    div.textContent = chaine == null ? "" : String(chaine);
    return div.innerHTML;
  }

  function initialiser(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") return;
    var url = select.dataset.pickerUrl;
    var minimum = parseInt(select.dataset.pickerMin, 10) || 2;
    var vide = select.dataset.pickerVide || "";
    var aide = select.dataset.pickerAide || "";
    var multiple = select.multiple;

    var options = {
      valueField: "value",
      labelField: "text",
      searchField: ["text", "detail"],
      // The server ranks (the créneau's own first); keep its order.
      score: function () {
        return function () {
          return 1;
        };
      },
      maxOptions: 50,
      preload: "focus",
      loadThrottle: 250,
      hideSelected: multiple,
      // A partner chosen (Enter or click), the query typed is cleared for the next one.
      clearAfterSelect: true,
      // change_listener: a change made to the <select> itself (a script, a test) is shown too.
      plugins: multiple
        ? { remove_button: { title: select.dataset.pickerRetirer || "" }, change_listener: {} }
        : { change_listener: {} },
      // A load for each query typed, even one already asked.
      shouldLoad: function () {
        return true;
      },
      load: function (query, callback) {
        var adresse = new URL(url, window.location.href);
        adresse.searchParams.set("q", query);
        fetch(adresse.toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        })
          .then(function (reponse) {
            if (!reponse.ok) throw new Error(reponse.status);
            return reponse.json();
          })
          .then(function (donnees) {
            // An answer to an earlier query (the options shown on focus, a slower search) that
            // comes back after a newer one would replace its results: it adds nothing.
            callback(ts.inputValue() === query ? donnees.resultats || [] : []);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        option: function (item) {
          var detail = item.detail ? '<small class="d-block text-body-secondary">' + texte(item.detail) + "</small>" : "";
          return "<div>" + texte(item.text) + detail + "</div>";
        },
        item: function (item) {
          return "<div>" + texte(item.text) + "</div>";
        },
        no_results: function (data) {
          var message = data.input && data.input.length < minimum ? aide : vide;
          return '<div class="no-results">' + texte(message) + "</div>";
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>';
        },
      },
    };
    // Tom Select points the field's <label> to its own input (aria-labelledby); the original
    // select, kept for the form, keeps the label's text as its name (accessibility).
    var etiquette = select.id && document.querySelector('label[for="' + select.id + '"]');
    var ts = new window.TomSelect(select, options);
    if (etiquette) {
      select.setAttribute("aria-label", etiquette.textContent.trim());
    }
    // Each new query starts from the server's answer, not from the options of earlier ones.
    ts.on("type", function () {
      ts.clearOptions();
    });
  }

  function initialiserTout(racine) {
    (racine || document).querySelectorAll("select[data-picker-url]").forEach(initialiser);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initialiserTout(document);
    if (window.htmx) {
      window.htmx.onLoad(initialiserTout);
    }
  });
})();
