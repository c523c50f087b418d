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
  const W = window, d = document, O = Object, E = Element.prototype, Dp = Document.prototype;
  const get = (p, k) => O.getOwnPropertyDescriptor(p, k).get;
  const make = Dp.createElement, all = Dp.querySelectorAll, top = get(Dp, "documentElement");
  const attr = E.getAttribute, attach = E.attachShadow, shadowOf = get(E, "shadowRoot");
  const box = E.getBoundingClientRect, firstOf = get(E, "firstElementChild"), lastOf = get(E, "lastElementChild");
  const fireOn = EventTarget.prototype.dispatchEvent;
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
  const h = (parent, tag, text, cls) => {
    const e = parent.appendChild(make.call(d, tag));
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
  const measure = host => {
    const t = px(host, "paddingTop") + px(host, "borderTopWidth"), b = px(host, "paddingBottom") + px(host, "borderBottomWidth"), y = box.call(host);
    return [y.height - t - b, t ? 0 : px(firstOf.call(host), "marginTop"), b ? 0 : px(lastOf.call(host), "marginBottom"), y.bottom];
  };
  // Text on a page-given accent: white or near-black, whichever contrasts more.
  const ink = rgb => {
    const [r, g, b] = rgb.match(new RegExp("[0-9.]+", "g")).slice(0, 3).map(c => (c /= 255) > .04045 ? ((c + .055) / 1.055) ** 2.4 : c / 12.92);
    const y = .2126 * r + .7152 * g + .0722 * b;
    return 1.05 * .0556 > (y + .05) ** 2 ? "#fff" : "#111";
  };
  const mount = host => {
    if (done.has(host) || shadowOf.call(host)) return;
    done.add(host);
    try {
      render(host);
    } catch (e) {
      // A host that cannot take a shadow root, or any failure: the fallback stays visible.
      const root = shadowOf.call(host);
      if (root) root.replaceChildren(make.call(d, "slot"));
    }
  };
  const render = host => {
    const o = k => attr.call(host, "data-" + k) || "", id = "mw" + ++n + "-", [fit, mt, mb, bottom] = measure(host);
    const fire = (type, detail) => fireOn.call(host, new CustomEvent("magwidget:" + type, {bubbles: true, detail}));
    // The sheet first: where constructable sheets are missing this throws and the fallback stays.
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(C);
    const r = make.call(d, "article"), theme = o("theme"), accent = o("accent").trim();
    r.className = "r " + (["light", "dark"].includes(theme) ? theme : "auto");
    r.lang = D.l;
    r.dir = D.dir;
    r.setAttribute("aria-labelledby", id + "t");
    const tint = COLOR.test(accent) && CSS.supports("color", accent);
    if (tint) r.style.setProperty("--a", accent);
    h(r, "h2", D.t).id = id + "t";
    if (D.s) h(r, "p", D.s, "s");
    h(r, "p", D.i, "i");
    const one = D.x.findIndex((x, i) => o("section") == x[0] || o("section") == i + 1);
    const shown = one >= 0 ? [D.x[one]] : D.x;
    const open = ["none", "first", "all"].includes(o("open")) ? o("open") : one >= 0 ? "all" : "none";
    const bar = h(r, "p", null, "a"), every = shown.length > 1 ? h(bar, "button", null, "e") : null;
    bar.appendChild(O.assign(make.call(d, "a"), {href: D.u, textContent: D.m.r}));
    const x = h(r, "div", null, "x"), sets = [], rows = [];
    const more = h(x, "button", D.m.s, "m");
    more.hidden = true;
    // Any press shows every section title again.
    const reveal = () => {
      rows.forEach(row => row.hidden = false);
      more.hidden = true;
    };
    const sync = () => every && (every.textContent = sets.every(s => s()) ? D.m.c : D.m.e);
    shown.forEach((s, j) => {
      const t = x.insertBefore(make.call(d, "h3"), more), b = h(t, "button", s[1]), p = x.insertBefore(make.call(d, "div"), more);
      p.className = "p";
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
        reveal();
        set(p.hidden);
        sync();
      };
      sets.push(set);
      rows.push(t);
    });
    more.onclick = () => {
      const first = rows.find(row => row.hidden);
      reveal();
      first.firstChild.focus();
    };
    if (every) every.onclick = () => {
      reveal();
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
    if (D.q) h(r, "p", D.q, "q");
    h(r, "p", D.d, "d");
    r.style.margin = mt + "px 0 " + mb + "px";
    const root = attach.call(host, {mode: "open"});
    root.adoptedStyleSheets = [sheet];
    root.appendChild(r);
    if (tint) r.style.setProperty("--af", ink(getComputedStyle(c).backgroundColor));
    if (fit > 0 && !sets.some(s => s())) fitIn(r, rows, more, fit, bottom);
    fire("ready", {slug: S});
  };
  // Closed, the widget keeps at least the fallback's box and grows past it only as far as a
  // layout shift of 0.04 allows: the content below moves by g within the viewport's share
  // (vh - bottom) / vh, scored g / max(vw, vh); below the fold it is free. Past that, the last
  // titles wait behind a "Show all" button: nothing ever scrolls inside the widget.
  const fitIn = (r, rows, more, fit, bottom) => {
    r.style.minHeight = fit + "px";
    const vh = innerHeight, room = fit + .04 * Math.max(innerWidth, vh) * vh / Math.max(0, vh - bottom);
    if (room >= box.call(r).height) return;
    more.hidden = false;
    let k = rows.length, need = box.call(r).height;
    const heights = rows.map(t => box.call(t).height);
    while (k && need > room) need -= heights[--k];
    rows.slice(k).forEach(t => t.hidden = true);
  };
  const scan = () => all.call(d, sel).forEach(mount);
  M[S] = scan;
  new MutationObserver(rs => rs.some(m => m.addedNodes.length) && scan()).observe(top.call(d), {childList: true, subtree: true});
  scan();
})();
