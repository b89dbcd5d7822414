// The order's text edited as a document (TinyMCE 6, MIT, vendored in static/vendor/tinymce).
// The page keeps a plain <textarea> (it works without JavaScript); this script turns every
// textarea inside [data-order-editor] into the editor. TinyMCE copies the document back into
// the textarea when the form is submitted, and the server's sanitiser (nh3, apps/orders/
// services.clean_html) stays the one gate: the editor only offers what that gate keeps
// (paragraphs, bold/italic/underline, numbered and bulleted lists, tables) so nothing typed
// here is silently lost on saving.
(function () {
  "use strict";

  const holder = document.querySelector("[data-order-editor]");
  if (!holder || !window.tinymce) {
    return;
  }
  // TinyMCE loads its theme, skin, icons and plugins next to itself. The base is read from the
  // script's own address (which production may fingerprint: tinymce.min.<hash>.js), not guessed.
  const script = document.querySelector("script[data-tinymce]");
  const base = script.src.slice(0, script.src.lastIndexOf("/"));

  window.tinymce.init({
    selector: "[data-order-editor] textarea",
    base_url: base,
    suffix: ".min",
    language: holder.dataset.language || undefined,
    skin: "oxide",
    content_css: ["document", holder.dataset.contentCss],
    menubar: false,
    branding: false,
    promotion: false,
    elementpath: false,
    resize: true,
    min_height: 480,
    plugins: "lists table",
    toolbar:
      "undo redo | bold italic underline | numlist bullist outdent indent | " +
      "table tableinsertrowafter tableinsertrowbefore tabledeleterow " +
      "tableinsertcolafter tabledeletecol tablemergecells tablesplitcells | removeformat",
    table_toolbar:
      "tableinsertrowbefore tableinsertrowafter tabledeleterow | " +
      "tableinsertcolbefore tableinsertcolafter tabledeletecol | tabledelete",
    // Exactly what the sanitiser keeps: no style="" (the policy refuses inline styles and the
    // PDF has its own), classes only where the portal's wording uses them.
    valid_elements:
      "p[class],br,strong/b,em/i,u,ol[class],ul,li,table[class],thead,tbody,tr,th,td[colspan|rowspan]",
    valid_styles: {},
    valid_classes: { p: "order-verb", ol: "order-items", table: "grid" },
    table_default_attributes: { class: "grid" },
    table_default_styles: {},
    table_use_colgroups: false,
    table_resize_bars: false,
    table_appearance_options: false,
    table_advtab: false,
    table_cell_advtab: false,
    table_row_advtab: false,
    object_resizing: false,
    entity_encoding: "raw",
    // Browsers ask before leaving a page with unsaved changes only if told to.
    init_instance_callback: function (editor) {
      holder.classList.add("order-editor-ready");
      editor.getElement().form.addEventListener("submit", function () { editor.save(); });
    },
  });
})();
