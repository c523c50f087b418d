// magwidget: one article, its styles and its code in one file (docs/widget.md).
// Content enters only as JSON (< > U+2028 U+2029 escaped); text is set with textContent, never
// parsed as HTML. Minified at build time: comment lines, indentation and spaces around
// punctuation outside quoted strings go. So: comments on their own lines, no template literals,
// regex literals only without spaces or quotes, and never a less-than sign (the file is also
// inlined in HTML). Short names keep it inside its 3 KB gzip budget (tests/test_widget_size.py).
(() => {
  const S = {{ slug|tojson }}, D = {{ data }}, C = {{ css|tojson }};
  // D, in order (renderers/widget.py): title, subtitle, summary, language, direction, article
  // URL, product button text and URL, disclosure, disclaimer, the interface words (read the
  // article, expand all, collapse all, show all N sections), then [id, title, blocks] per section.
  const [ti, su, sm, la, di, au, ct, cu, dq, dd, T, ...Q] = D;
  // The host page's markup can shadow document members (DOM clobbering): they come from the
  // prototype. A host that clobbers its own (a form) throws below and keeps its fallback.
  const W = window, d = document, O = Object, P = Document.prototype, cs = getComputedStyle;
  const mk = t => P.createElement.call(d, t);
  // window.magwidget may be an element with that id or an inherited (polluted) property: only
  // an own plain object counts, and only its own functions.
  const m = O.hasOwn(W, "magwidget") && W.magwidget;
  const M = m && O.getPrototypeOf(m) == O.prototype ? m : (W.magwidget = {});
  // A second copy of this file only rescans: nothing mounts twice.
  if (O.hasOwn(M, S) && typeof M[S] == "function") return M[S]();
  // An accent is a hex colour, rgb()/hsl() of numbers or a colour name: nothing that can
  // reference a variable, inherit one from the host page or fetch a URL. No colour name starts
  // like the keywords inherit, initial, unset, revert, currentcolor or transparent.
  const COLOR = /^(#\w+|(rgb|hsl)a?\([\d.,\x20%/+deg-]*\)|(?!inh|ini|uns|rev|cu|tr)[a-z]+)$/i;
  const done = new WeakSet();
  let n = 0, sheet;
  // h(parent, tag, text, class): append a new element; A(e, name, value): set an attribute.
  const h = (a, t, x, c) => {
    const e = a.appendChild(mk(t));
    if (x != null) e.textContent = x;
    if (c) e.className = c;
    return e;
  };
  const A = (e, k, v) => e.setAttribute(k, v);
  // A block is a paragraph (a string) or [kind, ...text]: u list, h heading, q quote.
  const block = (a, b) => {
    if (typeof b == "string") return h(a, "p", b);
    const [k, ...t] = b;
    if (k == "u") {
      const u = h(a, "ul");
      t.forEach(x => h(u, "li", x));
    } else if (k == "h") h(a, "h4", t[0]);
    else h(h(a, "blockquote"), "p", t[0]);
  };
  const px = (e, p) => e ? parseFloat(cs(e)[p]) : 0, edge = (e, s) => px(e, "padding" + s) + px(e, "border" + s + "Width");
  // Text on a page-given accent: white or #111, whichever contrasts more (relative luminance).
  const ink = c => {
    const [r, g, b] = c.match(/[\d.]+/g).map(c => (c /= 255) > .04045 ? ((c + .055) / 1.055) ** 2.4 : c / 12.92);
    return .2126 * r + .7152 * g + .0722 * b > .1916 ? "#111" : "#fff";
  };
  // In mount: o(name) a data- attribute, id the instance's id prefix, X the section titles
  // (each h3 is followed by its panel), B the "Show all" button, a the expand/collapse button.
  const mount = host => {
    if (done.has(host) || host.shadowRoot) return;
    done.add(host);
    try {
      const o = k => host.getAttribute("data-" + k) || "", id = "mw" + ++n + "-";
      const fire = (t, detail) => host.dispatchEvent(new CustomEvent("magwidget:" + t, {bubbles: true, detail}));
      // The fallback's box: content height, and the margins its first and last child push out
      // of the host (they collapse through it when the host has no padding or border).
      const y = host.getBoundingClientRect(), et = edge(host, "Top"), eb = edge(host, "Bottom"), fit = y.height - et - eb;
      // The sheet first: where constructable sheets are missing this throws and the fallback stays.
      if (!sheet) (sheet = new CSSStyleSheet).replaceSync(C);
      const r = mk("article"), th = o("theme"), ac = o("accent").trim(), st = r.style, sn = o("section"), op = o("open");
      r.className = "r " + (["light", "dark"].includes(th) ? th : "auto");
      r.lang = la;
      r.dir = di;
      A(r, "aria-labelledby", id + "t");
      const tint = COLOR.test(ac) && CSS.supports("color", ac);
      if (tint) st.setProperty("--a", ac);
      h(r, "h2", ti).id = id + "t";
      if (su) h(r, "p", su, "s");
      h(r, "p", sm, "i");
      const one = Q.findIndex((x, i) => sn == x[0] || sn == i + 1);
      const shown = one >= 0 ? [Q[one]] : Q;
      const open = ["none", "first", "all"].includes(op) ? op : one >= 0 ? "all" : "none";
      const bar = h(r, "p", null, "a"), a = shown[1] && h(bar, "button", null, "e");
      h(bar, "a", T[0]).href = au;
      const x = h(r, "div", null, "x");
      const isOpen = t => !t.nextSibling.hidden, all = () => X.every(isOpen);
      const set = (t, v) => {
        A(t.firstChild, "aria-expanded", v);
        t.nextSibling.hidden = !v;
      };
      // Any press shows every section title again.
      const reveal = () => {
        X.forEach(t => t.hidden = false);
        B.hidden = true;
      };
      const sync = () => a && (a.textContent = T[all() ? 2 : 1]);
      const X = shown.map((s, j) => {
        const t = h(x, "h3"), b = h(t, "button", s[1]), p = h(x, "div", null, "p");
        A(b, "aria-controls", p.id = id + j);
        s[2].forEach(k => block(p, k));
        set(t, open == "all" || open == "first" && !j);
        b.onclick = () => {
          reveal();
          set(t, p.hidden);
          sync();
        };
        return t;
      });
      const B = h(x, "button", T[3], "m");
      B.hidden = true;
      B.onclick = () => {
        const f = X.find(t => t.hidden);
        reveal();
        f.firstChild.focus();
      };
      if (a) a.onclick = () => {
        reveal();
        const v = !all();
        X.forEach(t => set(t, v));
        sync();
      };
      sync();
      const c = h(h(r, "p", null, "c"), "a", ct);
      if (cu.startsWith("https:")) c.href = cu;
      c.rel = "sponsored noopener";
      c.target = "_blank";
      c.onclick = () => fire("cta", {slug: S, url: c.href});
      if (dq) h(r, "p", dq, "q");
      h(r, "p", dd, "d");
      st.margin = (et ? 0 : px(host.firstElementChild, "marginTop")) + "px 0 " + (eb ? 0 : px(host.lastElementChild, "marginBottom")) + "px";
      const R = host.attachShadow({mode: "open"});
      R.adoptedStyleSheets = [sheet];
      R.appendChild(r);
      if (tint) st.setProperty("--af", ink(cs(c).backgroundColor));
      // Closed, the widget keeps at least the fallback's box and grows past it only as far as a
      // layout shift of 0.04 allows: the content below moves by g within the viewport's share
      // (vh - bottom) / vh, scored g / max(vw, vh); below the fold it is free. Past that, the
      // last titles wait behind a "Show all" button: nothing ever scrolls inside the widget.
      if (fit > 0 && !X.some(isOpen)) {
        st.minHeight = fit + "px";
        const vh = innerHeight, room = fit + .04 * Math.max(innerWidth, vh) * vh / Math.max(0, vh - y.bottom), fits = () => room >= r.getBoundingClientRect().height;
        let k = X.length;
        B.hidden = fits();
        while (k && !fits()) X[--k].hidden = true;
      }
      fire("ready", {slug: S});
    } catch {
      // A host that cannot take a shadow root, or any failure: the fallback stays visible.
      const s = host.shadowRoot;
      if (s) s.replaceChildren(mk("slot"));
    }
  };
  const scan = () => P.querySelectorAll.call(d, '[data-magwidget="' + S + '"]').forEach(mount);
  M[S] = scan;
  new MutationObserver(scan).observe(d, {childList: true, subtree: true});
  scan();
})();
