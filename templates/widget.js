// magwidget: one article, its styles and its code in one file (docs/widget.md).
// Content enters only as JSON (|tojson escapes < > & ' U+2028 U+2029); text is set with
// textContent, never parsed as HTML. Minified at build time: comment lines, indentation and
// spaces around punctuation outside quoted strings go. So: comments on their own lines, no
// regex or template literals, and never a less-than sign (the file is also inlined in HTML).
(() => {
  const S = {{ slug|tojson }}, D = {{ data|tojson }}, C = {{ css|tojson }};
  // window.magwidget may be an element with that id (DOM clobbering): only a plain object counts.
  const W = window, d = document, m = W.magwidget;
  const M = m && Object.getPrototypeOf(m) == Object.prototype ? m : (W.magwidget = {});
  // A second copy of this file only rescans: nothing mounts twice.
  if (Object.hasOwn(M, S)) return M[S]();
  const done = new WeakSet(), sel = '[data-magwidget="' + S + '"]';
  let n = 0, sheet;
  const h = (parent, tag, text, cls) => {
    const e = parent.appendChild(d.createElement(tag));
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  // A block is a paragraph (a string) or [kind, ...text]: u list, h heading, q quote.
  const block = (parent, b) => {
    if (typeof b == "string") return h(parent, "p", b);
    const [k, ...t] = b;
    if (k == "u") {
      const ul = h(parent, "ul");
      t.forEach(x => h(ul, "li", x));
    } else if (k == "h") h(parent, "h4", t[0]);
    else h(h(parent, "blockquote"), "p", t[0]);
  };
  const px = (e, p) => e ? parseFloat(getComputedStyle(e)[p]) : 0;
  // The fallback's box: content height, and the margins its first and last child push out
  // of the host (they collapse through it when the host has no padding or border).
  const box = host => {
    const t = px(host, "paddingTop") + px(host, "borderTopWidth"), b = px(host, "paddingBottom") + px(host, "borderBottomWidth");
    return [host.getBoundingClientRect().height - t - b, t ? 0 : px(host.firstElementChild, "marginTop"), b ? 0 : px(host.lastElementChild, "marginBottom")];
  };
  const mount = host => {
    if (done.has(host) || host.shadowRoot) return;
    done.add(host);
    const o = host.dataset, id = "mw" + ++n + "-", [fit, mt, mb] = box(host);
    const fire = (type, detail) => host.dispatchEvent(new CustomEvent("magwidget:" + type, {bubbles: true, detail}));
    // The sheet first: where constructable sheets are missing this throws and the fallback stays.
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(C);
    const root = host.attachShadow({mode: "open"});
    root.adoptedStyleSheets = [sheet];
    const r = h(root, "article", null, "r " + (["light", "dark"].includes(o.theme) ? o.theme : "auto"));
    r.lang = D.l;
    r.dir = D.dir;
    r.setAttribute("aria-labelledby", id + "t");
    if (o.accent && CSS.supports("color", o.accent)) r.style.setProperty("--a", o.accent);
    h(r, "h2", D.t).id = id + "t";
    if (D.s) h(r, "p", D.s, "s");
    h(r, "p", D.i, "i");
    const one = D.x.findIndex((x, i) => o.section == x[0] || o.section == i + 1);
    const shown = one >= 0 ? [D.x[one]] : D.x;
    const open = ["none", "first", "all"].includes(o.open) ? o.open : one >= 0 ? "all" : "none";
    const bar = h(r, "p", null, "a"), all = shown.length > 1 ? h(bar, "button", null, "e") : null;
    bar.appendChild(Object.assign(d.createElement("a"), {href: D.u, textContent: D.m.r}));
    const x = h(r, "div", null, "x"), sets = [];
    // Opening anything lets the widget grow from the fallback's box to its own height.
    const grow = () => {
      r.classList.remove("f");
      r.style.height = "";
    };
    const sync = () => all && (all.textContent = sets.every(s => s()) ? D.m.c : D.m.e);
    shown.forEach((s, j) => {
      const b = h(h(x, "h3"), "button", s[1]), p = h(x, "div", null, "p");
      p.id = id + j;
      b.setAttribute("aria-controls", p.id);
      s[2].forEach(k => block(p, k));
      const set = v => {
        if (v != null) {
          b.setAttribute("aria-expanded", v);
          p.hidden = !v;
        }
        return !p.hidden;
      };
      set(open == "all" || (open == "first" && !j));
      b.onclick = () => {
        grow();
        set(p.hidden);
        sync();
      };
      sets.push(set);
    });
    if (all) all.onclick = () => {
      grow();
      const v = !sets.every(s => s());
      sets.forEach(s => s(v));
      sync();
    };
    sync();
    const c = h(h(r, "p", null, "c"), "a", D.p[0]);
    if (D.p[1].startsWith("https:")) c.href = D.p[1];
    c.rel = "sponsored noopener";
    c.target = "_blank";
    c.onclick = () => fire("cta", {slug: S, url: c.href});
    h(r, "p", D.d, "d");
    // Take the fallback's box while everything is closed, so the swap shifts nothing.
    r.style.margin = mt + "px 0 " + mb + "px";
    if (fit > 0 && !sets.some(s => s())) {
      r.style.height = fit + "px";
      r.classList.add("f");
      // Too little room left for the list (checked after layout, so nothing forces one): grow.
      new ResizeObserver(() => 48 > x.clientHeight && grow()).observe(x);
    }
    fire("ready", {slug: S});
  };
  const scan = () => d.querySelectorAll(sel).forEach(mount);
  M[S] = scan;
  scan();
  new MutationObserver(rs => rs.some(m => m.addedNodes.length) && scan()).observe(d.documentElement, {childList: true, subtree: true});
})();
