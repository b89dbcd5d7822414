// The portal's own behaviour on every page. The Content-Security-Policy allows scripts from
// static files only (script-src 'self'): no inline <script>, no onclick="" attributes. Pages
// say what they want with data- attributes instead:
//   <form data-confirm="Question?">          asks before submitting;
//   <select data-submit-on-change>            submits its form when a choice is made;
//   <input data-select-on-focus>              selects its text when focused (links to copy);
//   <select data-kind-select> + data-shown-for-kinds="choice multiple" on a field's wrapper:
//                                             the field is shown only for those answer types;
//   data-width-percent="42", data-height-px="17"   sizes a bar (style="" is not allowed either;
//                                             a script may still set element.style);
//   <input data-filter-list="ID">             shows only the items of list ID whose
//                                             data-filter-text holds every typed word;
//   <select data-filter-sides="ID">           shows only the items whose data-sides holds
//                                             the chosen value (and unticks the others).
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
      field.form.requestSubmit();
    }
  });

  document.addEventListener("focusin", function (event) {
    const field = event.target;
    if (field.matches && field.matches("[data-select-on-focus]")) {
      field.select();
    }
  });

  function within(root, selector) {
    const found = Array.from(root.querySelectorAll(selector));
    return root.matches && root.matches(selector) ? [root].concat(found) : found;
  }

  function sizeBars(root) {
    within(root, "[data-width-percent]").forEach(function (bar) {
      const percent = Math.max(0, Math.min(100, Number(bar.dataset.widthPercent) || 0));
      bar.style.width = percent + "%";
    });
    within(root, "[data-height-px]").forEach(function (bar) {
      bar.style.height = Math.max(0, Number(bar.dataset.heightPx) || 0) + "px";
    });
  }

  // A list filtered by the controls that name it: items must pass every control.
  function filterList(listId) {
    const list = document.getElementById(listId);
    if (!list) { return; }
    const finder = document.querySelector('[data-filter-list="' + listId + '"]');
    const sides = document.querySelector('[data-filter-sides="' + listId + '"]');
    const words = finder ? finder.value.toLowerCase().replace(/ё/g, "е").split(/\s+/).filter(Boolean) : [];
    list.querySelectorAll("[data-filter-text]").forEach(function (item) {
      const text = item.dataset.filterText.replace(/ё/g, "е");
      const fitsSide = !sides || (item.dataset.sides || "").split(" ").indexOf(sides.value) !== -1;
      const shown = fitsSide && words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !shown;
      if (!fitsSide) {
        item.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      }
    });
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (field.matches && field.matches("[data-filter-list]")) { filterList(field.dataset.filterList); }
  });
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field.matches && field.matches("[data-filter-sides]")) { filterList(field.dataset.filterSides); }
  });
  document.querySelectorAll("[data-filter-sides]").forEach(function (field) {
    filterList(field.dataset.filterSides);
  });

  // A question form shows a field only where its answer type uses it (choices, scale maximum).
  function showFieldsForKind(select) {
    const form = select.form;
    if (!form) { return; }
    form.querySelectorAll("[data-shown-for-kinds]").forEach(function (wrapper) {
      wrapper.hidden = wrapper.dataset.shownForKinds.split(" ").indexOf(select.value) === -1;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-kind-select]")) {
      showFieldsForKind(event.target);
    }
  });
  document.querySelectorAll("[data-kind-select]").forEach(showFieldsForKind);

  sizeBars(document);
  // Parts of pages that htmx swaps in (the import's progress bar every second).
  document.addEventListener("htmx:load", function (event) { sizeBars(event.detail.elt); });
})();
