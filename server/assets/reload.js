// Live reload for `casebook serve`: reloads the page when a build changed
// it, shows a failed build's errors over every open page, and the last good
// build's warnings and tagging hints in a small panel that can be closed.
(function () {
  "use strict";
  var OVERLAY = "casebook-build-errors";
  var HINTS = "casebook-build-hints";

  function showHints(lines) {
    var box = document.getElementById(HINTS);
    if (!lines.length || sessionStorage.getItem(HINTS) === lines.join("\n")) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.id = HINTS;
      box.setAttribute("role", "status");
      box.setAttribute("aria-label", "编辑提示");
      box.style.cssText = [
        "position:fixed", "right:1rem", "bottom:1rem", "max-width:min(36rem,calc(100vw - 2rem))",
        "max-height:40vh", "overflow:auto", "z-index:2147483646", "padding:.75rem 1rem",
        "background:#fffbe6", "color:#4a3b00", "border:1px solid #d9b800", "border-radius:6px",
        "box-shadow:0 2px 12px rgba(0,0,0,.2)", "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace",
        "white-space:pre-wrap", "text-align:left"
      ].join(";");
      document.body.appendChild(box);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.style.cssText = "float:right;margin-left:1rem";
    close.addEventListener("click", function () {
      sessionStorage.setItem(HINTS, lines.join("\n"));
      box.remove();
    });
    fill(box, "提示 Hints (not errors):", lines);
    box.insertBefore(close, box.firstChild);
  }

  // fill replaces the box's content with a title and a list of lines, all
  // set as text, never as markup.
  function fill(box, heading, lines) {
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = heading;
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
    for (var i = 0; i < lines.length; i++) {
      var item = document.createElement("li");
      item.textContent = lines[i];
      list.appendChild(item);
    }
    box.appendChild(list);
  }

  // here is the page's own path as the server lists changed pages.
  function here() {
    var p = location.pathname;
    return p.slice(-11) === "/index.html" ? p.slice(0, -10) : p;
  }

  function showErrors(lines) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText = [
        "position:fixed", "left:1rem", "right:1rem", "top:1rem", "max-height:80vh",
        "overflow:auto", "z-index:2147483647", "margin:0", "padding:1rem 1.25rem",
        "background:#fff5f5", "color:#611", "border:2px solid #c33", "border-radius:6px",
        "box-shadow:0 4px 24px rgba(0,0,0,.3)",
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace",
        "white-space:pre-wrap", "text-align:left"
      ].join(";");
      document.body.appendChild(box);
    }
    fill(box, "构建失败 Build failed — the page shows the last good build. Fix these and save:", lines);
  }

  function shouldReload(paths) {
    if (document.getElementById(OVERLAY)) {
      return true;
    }
    var me = here();
    for (var i = 0; i < paths.length; i++) {
      var p = paths[i];
      if (p === me || /\.(css|js)$/.test(p)) {
        return true;
      }
    }
    return false;
  }

  var lost = false;
  var events = new EventSource("/__casebook/events");
  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (shouldReload(data.paths || [])) {
      location.reload();
    }
  });
  events.addEventListener("errors", function (e) {
    showErrors(JSON.parse(e.data).errors || []);
  });
  events.addEventListener("hints", function (e) {
    showHints(JSON.parse(e.data).hints || []);
  });
  events.addEventListener("error", function () {
    lost = true;
  });
  events.addEventListener("open", function () {
    // Back after the server was away: what it serves may have changed.
    if (lost) {
      location.reload();
    }
  });
})();
