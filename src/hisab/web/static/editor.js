/* The query editor: replace the plain form of /sparql with YASGUI, pointed at this server's own endpoint.
 *
 * Reads its configuration from <script type="application/json" id="editor-config"> (no inline script):
 * the endpoint path, the query to start with, and the saved queries (name, summary, URL of the text,
 * a note when the query has required parameters). Nothing is fetched from elsewhere: the IRI
 * autocompleters that ask the Linked Open Vocabularies service are removed, prefixes come from the
 * list bundled with YASGUI, and nothing is kept in the browser between visits.
 * Without JavaScript (or if YASGUI fails to load) the form stays and works.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  var form = document.getElementById("query-form");
  var note = document.getElementById("example-note");
  if (!configElement || !host || !form || typeof window.Yasgui !== "function") {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var Yasgui = window.Yasgui;
  var endpoint = new URL(config.endpoint, window.location.href).href;

  // Only the completers that work offline: prefixes (YASGUI's bundled list) and the query's own variables.
  var local = ["prefixes", "variables"];
  Object.keys(Yasgui.Yasqe.Autocompleters).forEach(function (name) {
    if (local.indexOf(name) < 0) {
      delete Yasgui.Yasqe.Autocompleters[name];
    }
  });
  Yasgui.Yasqe.defaults.autocompleters = local.slice();
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  // The editor grows with its query up to a height (editor.css), then scrolls; long lines wrap.
  Yasgui.Yasqe.defaults.editorHeight = "auto";
  Yasgui.Yasqe.defaults.resizeable = false;
  Yasgui.Yasqe.defaults.viewportMargin = Infinity;
  Yasgui.Yasqe.defaults.lineWrapping = true;
  // Only the plugins that draw the answer on the page: the table first.
  ["table", "boolean", "response", "error"].forEach(function (name) {
    if (Yasgui.Yasr.defaults.plugins[name]) {
      Yasgui.Yasr.defaults.plugins[name].enabled = true;
    }
  });

  var yasgui;
  try {
    host.hidden = false;
    yasgui = new Yasgui(host, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
      copyEndpointOnNewTab: true,
      persistenceId: null, // nothing kept between visits
      populateFromUrl: false,
      autofocus: false,
      corsProxy: undefined,
      yasqe: { value: config.query, persistenceId: null },
      yasr: { defaultPlugin: "table", persistenceId: null, pluginOrder: ["table", "response"],
              prefixes: config.prefixes || {} },
    });
  } catch (error) {
    host.hidden = true; // the form stays
    if (window.console) {
      window.console.error("the query editor could not start; the plain form stays", error);
    }
    return;
  }
  form.hidden = true;
  document.body.classList.add("has-yasgui");

  function tab() {
    return yasgui.getTab();
  }

  function setQuery(text) {
    var yasqe = tab().getYasqe();
    yasqe.setValue(text);
    yasqe.focus();
  }

  // --- accessibility: names for YASGUI's controls, which it draws without any ----------------------------
  var names = [
    [".yasqe_queryButton", "Run the query"],
    [".yasqe_share", "Share the query as a link"],
    [".fullscreenToggle, .yasqe_fullscreenButton", "Toggle full screen"],
    [".yasr_external_ref_btn", "Documentation of the result view"],
    [".yasr_downloadIcon", "Download the results"],
    [".yasr_fullscreenButton", "Toggle full screen"],
    [".tableControls .pageSizeWrapper select", "Rows per page"],
    [".tableControls input[type=text], .tableControls input:not([type])", "Filter the results"],
  ];

  function label(root) {
    names.forEach(function (pair) {
      root.querySelectorAll(pair[0]).forEach(function (element) {
        if (!element.getAttribute("aria-label") && !element.textContent.trim()) {
          element.setAttribute("aria-label", pair[1]);
        }
        if (element.tagName === "A" && !element.getAttribute("href") && !element.getAttribute("role")) {
          element.setAttribute("role", "button");
          element.setAttribute("tabindex", "0");
        }
      });
    });
    root.querySelectorAll("button:not([aria-label])").forEach(function (button) {
      if (!button.textContent.trim() && button.title) {
        button.setAttribute("aria-label", button.title);
      }
    });
    root.querySelectorAll("input:not([type=hidden]):not([aria-label]), select:not([aria-label])")
      .forEach(function (control) {
        if (!control.labels || control.labels.length === 0) {
          control.setAttribute("aria-label", control.placeholder || control.title || control.name || "Option");
        }
      });
    root.querySelectorAll(".tabsList input[type=text]").forEach(function (input) {
      input.setAttribute("aria-label", "Name of the tab");
    });
    // the editor's scrolling area can be reached and scrolled by keyboard (the text itself by its cursor)
    root.querySelectorAll(".CodeMirror-scroll").forEach(function (scroller) {
      if (scroller.getAttribute("tabindex") !== "0") {
        scroller.setAttribute("tabindex", "0");
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", "The query's text, scrolled with the arrow keys");
      }
    });
    // the results scroll sideways inside their own area, which the keyboard can reach too
    root.querySelectorAll(".yasr_results").forEach(function (results) {
      if (results.getAttribute("tabindex") !== "0") {
        results.setAttribute("tabindex", "0");
        results.setAttribute("role", "region");
        results.setAttribute("aria-label", "Results of the query");
      }
    });
    // the graph's own IRIs open on this server, not at their canonical address
    if (config.base) {
      root.querySelectorAll("a.iri").forEach(function (link) {
        var href = link.getAttribute("href") || "";
        if (href.indexOf(config.base) === 0 && href.length > config.base.length) {
          link.setAttribute("href", "/" + href.slice(config.base.length));
        }
      });
    }
    var input = root.querySelector(".CodeMirror textarea");
    if (input && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "SPARQL query (Ctrl+Enter runs it)");
    }
  }

  label(host);
  new MutationObserver(function () { label(host); }).observe(host, { childList: true, subtree: true });

  // --- the saved queries as examples -------------------------------------------------------------------
  var examples = {};
  (config.examples || []).forEach(function (example) { examples[example.name] = example; });

  function say(text) {
    if (note) {
      note.textContent = text;
    }
  }

  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var example = examples[link.getAttribute("data-example")];
      if (!example || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // open it in a new tab the plain way
      }
      event.preventDefault();
      say("Loading " + example.name + "…");
      fetch(example.text, { headers: { Accept: "application/sparql-query" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status + " " + response.statusText);
          }
          return response.text();
        })
        .then(function (text) {
          setQuery(text);
          link.setAttribute("aria-current", "true");
          document.querySelectorAll("a[data-example][aria-current]").forEach(function (other) {
            if (other !== link) {
              other.removeAttribute("aria-current");
            }
          });
          say("Loaded " + example.name + " into the editor. " + (example.note || "Run it with the run button or Ctrl+Enter."));
        })
        .catch(function (error) {
          say("Could not load " + example.name + ": " + error.message);
        });
    });
  });

  // The server's own answer to a submitted query gives way to YASGUI's once the editor runs a query.
  yasgui.on("queryResponse", function () {
    var answer = document.getElementById("answer");
    if (answer) {
      answer.hidden = true;
    }
  });
})();
