// Live reload for `casebook serve`: reloads the page when a build changed
// it, and shows a failed build's errors over every open page.
(function () {
  "use strict";
  var OVERLAY = "casebook-build-errors";

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
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "构建失败 Build failed — the page shows the last good build. Fix these and save:";
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
