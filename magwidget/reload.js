// Live reload for `magwidget serve`, added to served HTML only (never to built files).
// A same-origin file with no inline code or style attribute, so a strict CSP page runs it.
// It long-polls /__magwidget/wait: a newer good build reloads the page; a failed one shows
// the error (file:line) over the last good build until the next good one.
(() => {
  if (window !== window.top) return;
  const shown = Number(document.currentScript.dataset.build);
  let since = -1, overlay = null;
  const show = error => {
    if (overlay) overlay.remove();
    overlay = null;
    if (!error) return;
    overlay = document.createElement("div");
    overlay.id = "magwidget-error";
    overlay.setAttribute("role", "alert");
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", margin: "0",
      padding: "24px", background: "rgba(32, 12, 12, .97)", color: "#fff",
      font: "14px/1.5 ui-monospace, Menlo, Consolas, monospace"
    });
    const title = overlay.appendChild(document.createElement("strong"));
    title.textContent = "magwidget serve: the build failed; showing the last good build";
    const text = overlay.appendChild(document.createElement("pre"));
    text.style.whiteSpace = "pre-wrap";
    text.textContent = error;
    document.body.appendChild(overlay);
  };
  const poll = () => fetch("/__magwidget/wait?since=" + since, {cache: "no-store"})
    .then(response => response.json())
    .then(state => {
      if (!state.error && state.build !== shown) return location.reload();
      since = state.attempt;
      show(state.error);
      poll();
    }, () => setTimeout(poll, 1000));
  poll();
})();
