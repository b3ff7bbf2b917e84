/* mkdocs-pmo: the requirements checklist (catalogue/checklist/).
 * Markup (templates/pmo/checklist.html): a hidden `form.pmo-checklist__controls` with one
 * `select[data-pmo-facet=NAME]` per facet and `button[data-pmo-action]`s; items
 * `li.pmo-checklist__item[data-req][data-keyword][data-f-NAME='["value", ...]']` each with a
 * checkbox. The selection lives in the address (?role=sponsor&tier=2: shareable), ticks in
 * localStorage (this browser only). Exports are made here, as files: nothing is sent anywhere.
 * Works with Material's instant navigation (`document$`) and without it. */
(function () {
  "use strict";

  var STORE = "pmo-checklist:";

  function storageKey() {
    // One list of ticks per site (the page's folder, not its query).
    return STORE + location.pathname.replace(/[^/]*$/, "");
  }

  function loadTicks() {
    try {
      var data = JSON.parse(localStorage.getItem(storageKey()) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch (e) {
      return {};
    }
  }

  function saveTicks(ticks) {
    try {
      localStorage.setItem(storageKey(), JSON.stringify(ticks));
    } catch (e) {
      /* storage full or disabled: ticks last as long as the page */
    }
  }

  function values(item, facet) {
    try {
      var list = JSON.parse(item.getAttribute("data-f-" + facet) || "[]");
      return Array.isArray(list) ? list.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function selection(form) {
    var chosen = [];
    form.querySelectorAll("select[data-pmo-facet]").forEach(function (select) {
      if (select.value) {
        var option = select.options[select.selectedIndex];
        chosen.push({
          facet: select.getAttribute("data-pmo-facet"),
          label: select.labels && select.labels[0] ? select.labels[0].textContent : "",
          value: select.value,
          valueLabel: option ? option.textContent : select.value,
        });
      }
    });
    return chosen;
  }

  function visibleItems(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll(".pmo-checklist__item"),
      function (item) {
        return !item.hidden;
      }
    );
  }

  // The item's text as written: inline code back between backticks (for the exports).
  function plainText(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("code").forEach(function (code) {
      var fence = code.textContent.indexOf("`") >= 0 ? "`` " : "`";
      var close = fence === "`" ? "`" : " ``";
      code.replaceWith(fence + code.textContent + close);
    });
    return copy.textContent;
  }

  function itemData(item) {
    var box = item.querySelector("input[type=checkbox]");
    var text = item.querySelector(".pmo-checklist__text");
    return {
      id: item.getAttribute("data-req"),
      document: item.getAttribute("data-document"),
      keyword: item.getAttribute("data-keyword") || "",
      text: text ? plainText(text).replace(/\s+/g, " ").trim() : "",
      done: !!(box && box.checked),
    };
  }

  function describe(chosen) {
    if (!chosen.length) return "everyone";
    return chosen
      .map(function (c) {
        return c.label + ": " + c.valueLabel;
      })
      .join(", ");
  }

  function markdown(root, chosen) {
    var lines = ["# Checklist (" + describe(chosen) + ")", "", "From " + location.href, ""];
    visibleItems(root).forEach(function (item) {
      var d = itemData(item);
      var keyword = d.keyword ? " (" + d.keyword + ")" : "";
      lines.push("- [" + (d.done ? "x" : " ") + "] " + d.id + keyword + " " + d.text);
    });
    return lines.join("\n") + "\n";
  }

  function csvCell(value) {
    var text = String(value);
    // A leading formula character would make a spreadsheet run the cell.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(root) {
    var rows = [["id", "document", "keyword", "text", "done"]];
    visibleItems(root).forEach(function (item) {
      var d = itemData(item);
      rows.push([d.id, d.document, d.keyword, d.text, d.done ? "yes" : "no"]);
    });
    return (
      rows
        .map(function (row) {
          return row.map(csvCell).join(",");
        })
        .join("\r\n") + "\r\n"
    );
  }

  function download(name, type, text) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  function fileStem(chosen) {
    var parts = chosen.map(function (c) {
      return c.facet + "-" + c.value;
    });
    return ["checklist"].concat(parts).join("-").replace(/[^A-Za-z0-9_-]+/g, "_");
  }

  function update(root, form, summary, ticks, push) {
    var chosen = selection(form);
    var shown = 0;
    var done = 0;
    root.querySelectorAll(".pmo-checklist__item").forEach(function (item) {
      var ok = chosen.every(function (c) {
        return values(item, c.facet).indexOf(c.value) !== -1;
      });
      item.hidden = !ok;
      if (ok) {
        shown += 1;
        if (ticks[item.getAttribute("data-req")]) done += 1;
      }
    });
    root.querySelectorAll(".pmo-checklist__doc").forEach(function (section) {
      section.hidden = !section.querySelector(".pmo-checklist__item:not([hidden])");
    });
    summary.textContent =
      shown + " requirements apply to " + describe(chosen) + "; " + done + " ticked.";
    if (push) {
      var params = new URLSearchParams();
      chosen.forEach(function (c) {
        params.set(c.facet, c.value);
      });
      var query = params.toString();
      history.replaceState(
        history.state,
        "",
        location.pathname + (query ? "?" + query : "") + location.hash
      );
    }
  }

  function setup() {
    var root = document.querySelector(".pmo-checklist");
    var form = document.querySelector(".pmo-checklist__controls");
    var summary = document.querySelector(".pmo-checklist__summary");
    if (!root || !form || !summary || root.getAttribute("data-pmo-ready")) return;
    root.setAttribute("data-pmo-ready", "1");
    form.hidden = false;
    var ticks = loadTicks();
    var params = new URLSearchParams(location.search);
    var unknown = false; // a value no select has (?role=nobody): dropped from the address
    form.querySelectorAll("select[data-pmo-facet]").forEach(function (select) {
      var wanted = params.get(select.getAttribute("data-pmo-facet"));
      if (wanted !== null) {
        var known = Array.prototype.some.call(select.options, function (o) {
          return o.value === wanted;
        });
        if (known) select.value = wanted;
        else unknown = true;
      }
      select.addEventListener("change", function () {
        update(root, form, summary, ticks, true);
      });
    });
    root.querySelectorAll("input[data-pmo-req]").forEach(function (box) {
      box.checked = !!ticks[box.getAttribute("data-pmo-req")];
      box.addEventListener("change", function () {
        var id = box.getAttribute("data-pmo-req");
        if (box.checked) ticks[id] = 1;
        else delete ticks[id];
        saveTicks(ticks);
        update(root, form, summary, ticks, false);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.querySelectorAll("button[data-pmo-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-pmo-action");
        var chosen = selection(form);
        if (action === "markdown") {
          download(fileStem(chosen) + ".md", "text/markdown", markdown(root, chosen));
        } else if (action === "csv") {
          download(fileStem(chosen) + ".csv", "text/csv", csv(root));
        } else if (action === "print") {
          window.print();
        } else if (action === "clear") {
          // Only the ticks shown: those of another selection stay.
          visibleItems(root).forEach(function (item) {
            var box = item.querySelector("input[data-pmo-req]");
            if (!box) return;
            delete ticks[box.getAttribute("data-pmo-req")];
            box.checked = false;
          });
          saveTicks(ticks);
          update(root, form, summary, ticks, false);
        }
      });
    });
    update(root, form, summary, ticks, unknown);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
