// magwidget: one article, its styles and its code in one file (docs/widget.md).
// Content enters only as JSON (< > U+2028 U+2029 escaped); text is set with textContent, never
// parsed as HTML. Minified at build time: comment lines, indentation and spaces around
// punctuation outside quoted strings go. So: comments on their own lines, no template literals,
// regex literals only without spaces or quotes, and never a less-than sign (the file is also
// inlined in HTML). Short names keep it inside its 3 KB gzip budget (tests/test_widget_size.py):
// e is the element a function works on, t its second argument; !0 and !1 are true and false.
(() => {
  const S = {{ slug|tojson }}, D = {{ data }}, C = {{ css|tojson }};
  // D, in order (renderers/widget.py): title, subtitle, summary, language, direction, article
  // URL, product button text and URL, disclosure, disclaimer, the interface words (read the
  // article, expand all, collapse all, show all N sections), then [id, title, ...blocks] per
  // section, the id with spaces for its hyphens.
  const T = D[10], Q = D.slice(11);
  // The host page's markup can shadow document members (DOM clobbering): they come from the
  // prototype. A host that clobbers its own (a form) throws below and keeps its fallback.
  const d = document, O = Object, P = Document.prototype, F = getComputedStyle;
  const mk = e => P.createElement.call(d, e);
  // window.magwidget may be an element with that id or an inherited (polluted) property: only
  // an own property counts (named elements are not own), and only its own functions.
  const M = O.hasOwn(window, "magwidget") && window.magwidget || (window.magwidget = {});
  // A second copy of this file only rescans: nothing mounts twice.
  if (O.hasOwn(M, S) && typeof M[S] == "function") return M[S]();
  // An accent is a hex colour, rgb()/hsl() with no function inside or a colour name: nothing
  // that can reference a variable, inherit one from the host page or fetch a URL. No colour
  // name starts like the keywords inherit, initial, unset, revert, currentcolor, transparent.
  const K = /^(#\w+|(rgb|hsl)a?\([^()]*\)|(?!inh|ini|uns|rev|cu|tr)[a-z]+)$/i;
  // N: the hosts already mounted; n: instances so far (ids stay unique); Y: the shared sheet.
  const N = new WeakSet();
  let n = 0, Y;
  // h(parent, tag, text, class): append a new element; A(e, name, value): set an attribute.
  const h = (e, t, x, c) => {
    e = e.appendChild(mk(t));
    if (x) e.textContent = x;
    if (c) e.className = c;
    return e;
  };
  const A = (e, t, v) => e.setAttribute(t, v);
  // A block is paragraphs (a string, one a line: it has .split) or [kind, ...text]: u list,
  // h heading, q quote.
  const L = (e, t) => {
    if (t.split) return t.split("\n").forEach(t => h(e, "p", t));
    const [k, ...x] = t;
    if (k == "u") {
      const u = h(e, "ul");
      x.forEach(t => h(u, "li", t));
    } else if (k == "h") h(e, "h4", x[0]);
    else h(h(e, "blockquote"), "p", x[0]);
  };
  const px = (e, t) => e ? parseFloat(F(e)[t]) : 0, edge = (e, t) => px(e, "padding" + t) + px(e, "border" + t + "Width");
  // Text on a page-given accent: white or #111, whichever contrasts more (relative luminance;
  // at .1916 both contrast alike).
  const ink = e => {
    const [r, g, b] = e.match(/[\d.]+/g).map(e => (e /= 255) > .04045 ? ((e + .055) / 1.055) ** 2.4 : e / 12.92);
    return .2126 * r + .7152 * g + .0722 * b > .1916 ? "#111" : "#fff";
  };
  // U mounts host e. Its one-letter names: o(name) a data- attribute, u the instance's id
  // prefix, f(type, detail) fires an event, y the fallback's box, g and q its top and bottom
  // padding + border, w its content height, r the widget, s its style, m the theme, v the
  // accent and l whether it is used, j the section asked for and i its index, z the sections
  // shown, p the open mode (1 none, 2 first, 3 all), a the expand/collapse button, x the
  // section list, X its titles (each h3 followed by its panel), B the "Show all" button, c the
  // product button.
  const U = e => {
    if (N.has(e) || e.shadowRoot) return;
    N.add(e);
    try {
      const o = t => e.getAttribute("data-" + t) || "", u = "mw" + ++n + "-";
      const f = (t, x) => e.dispatchEvent(new CustomEvent("magwidget:" + t, {bubbles: !0, detail: {slug: S, ...x}}));
      // The fallback's box: content height, and the margins its first and last child push out
      // of the host (they collapse through it when the host has no padding or border).
      const y = e.getBoundingClientRect(), g = edge(e, "Top"), q = edge(e, "Bottom"), w = y.height - g - q;
      // The sheet first: where constructable sheets are missing this throws and the fallback stays.
      if (!Y) (Y = new CSSStyleSheet).replaceSync(C);
      const r = mk("article"), m = o("theme"), v = o("accent").trim(), s = r.style, j = o("section");
      O.assign(r, {className: "r " + (["light", "dark"].includes(m) ? m : "auto"), lang: D[3], dir: D[4]});
      A(r, "aria-labelledby", u + "t");
      const l = K.test(v) && CSS.supports("color", v);
      if (l) s.setProperty("--a", v);
      h(r, "h2", D[0]).id = u + "t";
      if (D[1]) h(r, "p", D[1], "s");
      h(r, "p", D[2], "i");
      const i = Q.findIndex((t, i) => j == t[0].replaceAll(" ", "-") || j == i + 1);
      const z = i >= 0 ? [Q[i]] : Q;
      const p = ["none", "first", "all"].indexOf(o("open")) + 1 || (i >= 0 ? 3 : 1);
      const b = h(r, "p", 0, "a"), a = z[1] && h(b, "button", 0, "e");
      h(b, "a", T[0]).href = D[5];
      const x = h(r, "div", 0, "x");
      const on = t => !t.nextSibling.hidden, all = () => X.every(on);
      const set = (t, v) => {
        A(t.firstChild, "aria-expanded", v);
        t.nextSibling.hidden = !v;
      };
      // Any press shows every section title again.
      const reveal = () => {
        X.forEach(t => t.hidden = !1);
        B.hidden = !0;
      };
      const sync = () => a && (a.textContent = T[1 + all()]);
      const X = z.map((t, i) => {
        const z = h(x, "h3"), b = h(z, "button", t[1]), c = h(x, "div", 0, "p");
        A(b, "aria-controls", c.id = u + i);
        t.slice(2).forEach(t => L(c, t));
        set(z, p > 2 || p > 1 && !i);
        b.onclick = () => {
          reveal();
          set(z, c.hidden);
          sync();
        };
        return z;
      });
      const B = h(x, "button", T[3], "m");
      B.hidden = !0;
      B.onclick = () => {
        const t = X.find(t => t.hidden);
        reveal();
        t.firstChild.focus();
      };
      if (a) a.onclick = () => {
        reveal();
        const v = !all();
        X.forEach(t => set(t, v));
        sync();
      };
      sync();
      const c = h(h(r, "p", 0, "c"), "a", D[6]);
      // The build lets only an https: product URL through (validate.py).
      O.assign(c, {href: D[7], rel: "sponsored noopener", target: "_blank", onclick: () => f("cta", {url: c.href})});
      if (D[8]) h(r, "p", D[8], "q");
      h(r, "p", D[9], "d");
      s.margin = (g ? 0 : px(e.firstElementChild, "marginTop")) + "px 0 " + (q ? 0 : px(e.lastElementChild, "marginBottom")) + "px";
      const R = e.attachShadow({mode: "open"});
      R.adoptedStyleSheets = [Y];
      R.appendChild(r);
      if (l) s.setProperty("--af", ink(F(c).backgroundColor));
      // Closed, the widget keeps at least the fallback's box and grows past it only as far as a
      // layout shift of 0.04 allows: the content below moves by dy within the viewport's share
      // (vh - bottom) / vh, scored dy / max(vw, vh); below the fold it is free. Past that, the
      // last titles wait behind a "Show all" button: nothing ever scrolls inside the widget.
      // t is vh, d the height the widget may take, q() whether it takes no more.
      if (w > 0 && !X.some(on)) {
        s.minHeight = w + "px";
        const t = innerHeight, d = w + .04 * Math.max(innerWidth, t) * t / Math.max(0, t - y.bottom), q = () => d >= r.getBoundingClientRect().height;
        let k = X.length;
        B.hidden = q();
        while (k && !q()) X[--k].hidden = !0;
      }
      f("ready");
    } catch {
      // A host that cannot take a shadow root, or any failure: the fallback stays visible.
      e.shadowRoot?.replaceChildren(mk("slot"));
    }
  };
  const scan = () => P.querySelectorAll.call(d, '[data-magwidget="' + S + '"]').forEach(U);
  M[S] = scan;
  new MutationObserver(scan).observe(d, {childList: !0, subtree: !0});
  scan();
})();
