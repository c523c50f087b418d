// magwidget: one article, its styles and its code in one file (docs/widget.md).
// Content enters only as JSON (|tojson escapes < > & ' U+2028 U+2029); text is set with
// textContent, never parsed as HTML. Minified at build time: comment lines, indentation and
// spaces around punctuation outside quoted strings go. So: comments on their own lines, no
// regex or template literals, and never a less-than sign (the file is also inlined in HTML).
(() => {
  const S = {{ slug|tojson }}, D = {{ data|tojson }}, C = {{ css|tojson }};
  // The widget's own words ("#" is the number of sections), kept here for translation.
  // The host page's markup can shadow document and form members (DOM clobbering): every DOM
  // method is taken from its prototype, never looked up on a possibly clobbered object.
  // Short names keep the file inside its size budget (bench/widget.py): W window, d document,
  // O Object, E Element.prototype, P Document.prototype, g(p, k) a prototype's getter.
  const W = window, d = document, O = Object, E = Element.prototype, P = Document.prototype;
  const g = (p, k) => O.getOwnPropertyDescriptor(p, k).get;
  const mk = P.createElement, qa = P.querySelectorAll, de = g(P, "documentElement");
  const ga = E.getAttribute, as = E.attachShadow, sr = g(E, "shadowRoot");
  const bx = e => E.getBoundingClientRect.call(e), fc = g(E, "firstElementChild"), lc = g(E, "lastElementChild");
  const fo = EventTarget.prototype.dispatchEvent;
  // window.magwidget may be an element with that id or an inherited (polluted) property: only
  // an own plain object counts, and only its own functions.
  const m = O.hasOwn(W, "magwidget") && W.magwidget;
  const M = m && O.getPrototypeOf(m) == O.prototype ? m : (W.magwidget = {});
  // A second copy of this file only rescans: nothing mounts twice.
  if (O.hasOwn(M, S) && typeof M[S] == "function") return M[S]();
  const done = new WeakSet(), sel = '[data-magwidget="' + S + '"]';
  // An accent is a hex colour, rgb()/hsl() of numbers or a colour name: nothing that can
  // reference a variable, inherit one from the host page or fetch a URL.
  const COLOR = new RegExp("^(#[0-9a-f]{3,8}|(rgb|hsl)a?\\([0-9., %/+deg-]*\\)|(?!(inherit|initial|unset|revert|currentcolor|transparent)$)[a-z]+)$", "i");
  let n = 0, sheet;
  // h(parent, tag, text, class): append a new element; A(e, name, value): set an attribute.
  const h = (a, t, x, c) => {
    const e = a.appendChild(mk.call(d, t));
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
  const cs = getComputedStyle, px = (e, p) => e ? parseFloat(cs(e)[p]) : 0;
  // The fallback's box: content height, and the margins its first and last child push out
  // of the host (they collapse through it when the host has no padding or border).
  const measure = e => {
    const t = px(e, "paddingTop") + px(e, "borderTopWidth"), b = px(e, "paddingBottom") + px(e, "borderBottomWidth"), y = bx(e);
    return [y.height - t - b, t ? 0 : px(fc.call(e), "marginTop"), b ? 0 : px(lc.call(e), "marginBottom"), y.bottom];
  };
  // Text on a page-given accent: white or near-black, whichever contrasts more.
  const ink = c => {
    const [r, g, b] = c.match(new RegExp("[0-9.]+", "g")).slice(0, 3).map(c => (c /= 255) > .04045 ? ((c + .055) / 1.055) ** 2.4 : c / 12.92);
    return 1.05 * .0556 > (.2126 * r + .7152 * g + .0722 * b + .05) ** 2 ? "#fff" : "#111";
  };
  const mount = e => {
    if (done.has(e) || sr.call(e)) return;
    done.add(e);
    try {
      render(e);
    } catch (_) {
      // A host that cannot take a shadow root, or any failure: the fallback stays visible.
      const s = sr.call(e);
      if (s) s.replaceChildren(mk.call(d, "slot"));
    }
  };
  // In render: o(name) a data- attribute, id the instance's id prefix, X the section rows
  // (title, panel, set), B the "Show all" button, a the bar's expand/collapse button.
  const render = host => {
    const o = k => ga.call(host, "data-" + k) || "", id = "mw" + ++n + "-", [fit, mt, mb, bottom] = measure(host);
    const fire = (t, detail) => fo.call(host, new CustomEvent("magwidget:" + t, {bubbles: true, detail}));
    // The sheet first: where constructable sheets are missing this throws and the fallback stays.
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(C);
    const r = mk.call(d, "article"), th = o("theme"), ac = o("accent").trim(), st = r.style, T = D.m, sn = o("section"), op = o("open");
    r.className = "r " + (["light", "dark"].includes(th) ? th : "auto");
    r.lang = D.l;
    r.dir = D.dir;
    A(r, "aria-labelledby", id + "t");
    const tint = COLOR.test(ac) && CSS.supports("color", ac);
    if (tint) st.setProperty("--a", ac);
    h(r, "h2", D.t).id = id + "t";
    if (D.s) h(r, "p", D.s, "s");
    h(r, "p", D.i, "i");
    const one = D.x.findIndex((x, i) => sn == x[0] || sn == i + 1);
    const shown = one >= 0 ? [D.x[one]] : D.x;
    const open = ["none", "first", "all"].includes(op) ? op : one >= 0 ? "all" : "none";
    const bar = h(r, "p", null, "a"), a = shown[1] ? h(bar, "button", null, "e") : null;
    O.assign(h(bar, "a", T.r), {href: D.u});
    const x = h(r, "div", null, "x"), X = [];
    // Any press shows every section title again.
    const reveal = () => {
      X.forEach(w => w[0].hidden = false);
      B.hidden = true;
    };
    const all = () => X.every(w => w[2]());
    const sync = () => a && (a.textContent = all() ? T.c : T.e);
    shown.forEach((s, j) => {
      const t = h(x, "h3"), b = h(t, "button", s[1]), p = h(x, "div", null, "p");
      A(b, "aria-controls", p.id = id + j);
      s[2].forEach(k => block(p, k));
      const set = v => {
        if (v != null) {
          A(b, "aria-expanded", v);
          p.hidden = !v;
        }
        return !p.hidden;
      };
      set(open == "all" || (open == "first" && !j));
      b.onclick = () => {
        reveal();
        set(p.hidden);
        sync();
      };
      X.push([t, p, set]);
    });
    const B = h(x, "button", T.s, "m");
    B.hidden = true;
    B.onclick = () => {
      const f = X.find(w => w[0].hidden);
      reveal();
      f[0].firstChild.focus();
    };
    if (a) a.onclick = () => {
      reveal();
      const v = !all();
      X.forEach(w => w[2](v));
      sync();
    };
    sync();
    const c = h(h(r, "p", null, "c"), "a", D.p[0]);
    if (D.p[1].startsWith("https:")) c.href = D.p[1];
    c.rel = "sponsored noopener";
    c.target = "_blank";
    c.onclick = () => fire("cta", {slug: S, url: c.href});
    if (D.q) h(r, "p", D.q, "q");
    h(r, "p", D.d, "d");
    st.margin = mt + "px 0 " + mb + "px";
    const R = as.call(host, {mode: "open"});
    R.adoptedStyleSheets = [sheet];
    R.appendChild(r);
    if (tint) st.setProperty("--af", ink(cs(c).backgroundColor));
    // Closed, the widget keeps at least the fallback's box and grows past it only as far as a
    // layout shift of 0.04 allows: the content below moves by g within the viewport's share
    // (vh - bottom) / vh, scored g / max(vw, vh); below the fold it is free. Past that, the last
    // titles wait behind a "Show all" button: nothing ever scrolls inside the widget.
    if (fit > 0 && !X.some(w => w[2]())) {
      st.minHeight = fit + "px";
      const vh = innerHeight, room = fit + .04 * Math.max(innerWidth, vh) * vh / Math.max(0, vh - bottom);
      let k = X.length, need = bx(r).height;
      if (need > room) {
        B.hidden = false;
        need = bx(r).height;
        const hs = X.map(w => bx(w[0]).height);
        while (k && need > room) need -= hs[--k];
        X.slice(k).forEach(w => w[0].hidden = true);
      }
    }
    fire("ready", {slug: S});
  };
  const scan = () => qa.call(d, sel).forEach(mount);
  M[S] = scan;
  new MutationObserver(rs => rs.some(m => m.addedNodes.length) && scan()).observe(de.call(d), {childList: true, subtree: true});
  scan();
})();
