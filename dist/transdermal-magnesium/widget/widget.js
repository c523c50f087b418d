(()=>{
const S="transdermal-magnesium",D={"d":"This article is for educational purposes only and does not replace medical advice, diagnosis, or treatment. Topical magnesium may not work the same way for every person or condition. The scientific evidence for transdermal magnesium absorption is still evolving, and more high-quality clinical studies are needed.","dir":"ltr","i":"For many people, transdermal magnesium is not just \u201canother supplement.\u201d","l":"en","m":{"c":"Collapse all","e":"Expand all","r":"Read the whole article","s":"Show all 11 sections"},"p":["Click here to see natural magnesium oil","https://example.com/shop/magnesium-oil?utm_source=magwidget\u0026utm_medium=widget\u0026utm_campaign=transdermal-magnesium"],"q":"Paid link: we may earn a commission if you buy through it.","s":"A Neurophysiology-Based Explanation","t":"Why Transdermal Magnesium Can Feel Fast","u":"https://example.com/articles/transdermal-magnesium","x":[["introduction","Introduction",["It often feels different.","Patients commonly describe that after applying magnesium locally, they notice:",["u","reduced calf cramps","easing of cervical tightness","less knee stiffness","a feeling of muscle relaxation","sometimes even relief in migraine-related tension"],"And often, they report that this happens quickly.","That immediate experience creates an important question:","How can magnesium applied on the skin produce noticeable relief so fast, even when blood magnesium levels may not change immediately?","The answer is that the early effect may not be about \u201ccorrecting a deficiency\u201d in the whole body right away. It may be more about local neurophysiology, fascia, circulation, and sensory signaling. At the same time, it is important to be honest: the science around transdermal magnesium absorption is still evolving, and the overall evidence base remains mixed rather than definitive. Some studies suggest skin permeation is possible, but large, high-quality clinical proof is still limited.","What follows is the most practical way to understand the rapid effects many clinicians and patients observe."]],["local-nerve-modulation","The fastest effect may be local nerve modulation",["Magnesium is well known in pain science for its ability to reduce excitatory signaling through NMDA receptor-related mechanisms. In broader pain medicine, magnesium has been studied because it can reduce calcium entry through NMDA-linked pathways and help limit sensitization of pain signaling.","Why does that matter locally?","Because pain is not only a \u201cjoint\u201d issue. Pain is also shaped by:",["u","peripheral nerves","myofascial tissues","nociceptive fibers","neuromuscular signaling"],"If magnesium reaches tissues close to where it is applied, even in small amounts, it may help quiet excessive excitability in local pain pathways. That can translate into:",["u","less nerve irritability","less protective muscle spasm","reduced pain amplification","a feeling of release or easing"],"So when someone says, \u201cMy neck started loosening within minutes,\u201d the first explanation does not have to be a major rise in serum magnesium. A more plausible explanation is local modulation of sensory and neuromuscular signaling. This fits with the broader literature on magnesium in pain biology, although direct proof for each topical clinical scenario is still limited."]],["vascular-relaxation","Magnesium also supports vascular relaxation",["Magnesium acts functionally as a physiological calcium antagonist in many tissues, and one of its known actions is vasodilation. In clinical and pharmacologic literature, magnesium is associated with vascular smooth muscle relaxation and improved blood flow dynamics.","This matters because many pain states involve some combination of:",["u","muscular tightness","microvascular compromise","local ischemia","poor oxygen delivery","metabolite accumulation in tense tissues"],"When local circulation improves, patients may quickly perceive:",["u","warmth","softness in the area","less heaviness","less \u201cstuck\u201d or rigid sensation"],"That is why some people feel relief in a trapezius, calf, or lumbar region within 10 to 20 minutes. The experience may come not from systemic mineral replacement, but from a combination of vascular relaxation and sensory calming. That interpretation is physiologically reasonable, though again, topical magnesium-specific clinical proof remains less mature than the physiology itself."]],["fascia-and-superficial-tissues","Fascia and superficial tissues may matter more than serum at first",["One of the biggest mistakes is assuming that the only meaningful effect of magnesium is the one that shows up in a blood test.","That is too simplistic.","The skin is indeed a barrier, and this is exactly why the transdermal magnesium debate is still active. Reviews note that strong claims about superior skin absorption are not yet firmly established. However, studies and reviews also suggest that magnesium ions may penetrate through pathways such as hair follicles and appendageal routes, at least to some extent.","From a clinical perspective, even modest local entry into superficial tissues may matter because the first tissues influencing symptoms are often not \u201cthe bloodstream\u201d but:",["u","superficial fascia","muscle interstitium","tendon sheath regions","cutaneous and subcutaneous sensory networks"],"These tissues influence:",["u","pain tone","muscle guarding","stiffness perception","local inflammatory reactivity"],"So it is entirely possible for someone to feel better before any measurable shift occurs in serum magnesium. In other words, local functional effects can precede systemic biochemical changes. That is a key concept."]],["autonomic-nervous-system","Rapid relief may involve the autonomic nervous system",["Another clinically important possibility is autonomic modulation.","Magnesium has longstanding associations with neuromuscular stability and reduced excitability, and deficiency states are linked with increased irritability, spasm, and stress responsiveness. More broadly, magnesium has been discussed in relation to stress physiology, autonomic balance, and nervous system regulation.","What patients often describe after topical use is not only less pain, but also:",["u","\u201cMy body felt calm\u201d","\u201cThat area stopped guarding\u201d","\u201cI could relax better\u201d","\u201cI slept better after applying it\u201d"],"This suggests that at least part of the effect may be an autonomic shift: less sympathetic overdrive, less peripheral guarding, and better parasympathetic settling. That does not mean topical magnesium has been conclusively proven to increase vagal tone in every case. It means the clinical pattern is consistent with peripheral calming and reduced stress-related muscle defense.","This is especially relevant in people with chronic tightness, recurrent migraine tension, neck spasm, or sleep-disrupting muscle discomfort, where the nervous system is often as important as the tissue itself."]],["skin-ion-channels","Skin ion channels and cellular signaling may contribute",["Skin is not just a passive covering. It is a biologically active sensory and signaling organ.","Channels such as TRPM6 and especially TRPM7 are involved in magnesium handling and cellular signaling, while TRPM7 is widely expressed and has important roles in Mg\u00b2\u207a/Ca\u00b2\u207a homeostasis and signaling pathways. Research also shows TRPM7 has relevance in keratinocyte biology and skin cellular behavior.","Why is this important?","Because a topical intervention may not need to act only as a \u201cnutrient delivery system.\u201d It may also act as a local signaling input. Skin cells, immune signals, sensory endings, and ion channels all participate in how an area feels after application.","That means topical magnesium may influence:",["u","local cellular signaling","skin\u2013nerve cross-talk","inflammatory tone in superficial tissues","nociceptive sensitivity"],"This is still a developing area of science, so it should not be exaggerated. But it gives a biologically plausible framework for why the response can feel faster than traditional oral supplementation."]],["sensory-gating","Sensory gating may explain why relief can happen even with minimal absorption",["This is one of the most clinically useful ideas.","Even if the amount of magnesium that gets through the skin is modest, the act of topical application itself plus local biochemical exposure can alter peripheral sensory input. Once sensory input changes, the nervous system may reduce pain amplification through spinal and supraspinal gating mechanisms.","This is similar in concept to how people can feel quick relief from topical therapies that act through peripheral sensory pathways, such as:",["u","counterirritants","menthol-based applications","capsaicin","tactile neuromodulation approaches"],"So transdermal magnesium may sometimes behave less like a classic oral nutrient and more like a local neuromodulatory therapy. That does not mean it is identical to TENS or topical analgesics, but the principle is comparable: change the peripheral input, and you may change the pain experience quickly."]],["normal-serum-magnesium","Why normal serum magnesium does not rule out a useful effect",["Serum magnesium is a limited marker.","Only a small fraction of total body magnesium is present in serum; much more is distributed in bone, muscle, and intracellular compartments. For that reason, serum values do not always reflect tissue-level magnesium status or functional magnesium biology very well.","This helps explain an important clinical observation:","A patient may have \u201cnormal\u201d lab magnesium and still respond to magnesium-based therapy.","Why?","Because:",["u","serum does not fully reflect intracellular status","tissue behavior matters more than a single lab number","local effects can occur without obvious blood-level changes","symptom relief may come from neuromodulation and circulation, not just deficiency correction"],"So when a patient improves despite a normal serum report, that does not automatically mean the effect is imaginary. It may mean the lab was never measuring the most relevant part of the physiology to begin with."]],["rapid-clinical-effect","What the rapid clinical effect is most likely reflecting",["When patients feel quick relief after topical magnesium, the earliest effect is probably not whole-body magnesium repletion.","It is more likely a combination of:",["u","local sensory calming","reduced neuromuscular excitability","fascia and soft tissue relaxation","microvascular improvement","reduced protective muscle guarding","peripheral neurophysiological settling"],"In practical terms, that makes transdermal magnesium closer to a local functional therapy than a simple mineral replacement strategy.","That distinction is important.","Because if we understand it only as \u201cmagnesium deficiency treatment,\u201d we will miss what many clinicians may actually be observing: a rapid, peripheral, tissue-level regulatory effect."]],["what-science-supports","What science currently supports \u2014 and what still needs proof",["This topic should be discussed honestly.",["h","What appears biologically plausible"],"Magnesium\u2019s roles in NMDA-related pain modulation, calcium antagonism, vascular relaxation, and neuromuscular stability are well supported in the broader literature.",["h","What remains less certain"],"The strongest claims about robust transdermal absorption through intact skin are not yet conclusively established. Reviews have specifically noted that the evidence for transdermal magnesium as a superior delivery route remains limited and that better human trials are needed.",["h","The most balanced conclusion"],"A reasonable interpretation today is this:",["q","Topical magnesium may help some people, especially for localized discomfort, tightness, cramps, and stiffness, but the exact contribution of true transdermal absorption versus local sensory and neurophysiological effects is still being clarified."],"That is the scientifically responsible position."]],["final-perspective","Final perspective",["When people experience fast relief from transdermal magnesium, the benefit may be real even if the mechanism is misunderstood.","The early effect is probably not best explained by \u201cblood magnesium rising instantly.\u201d","It is better explained by a combination of:",["u","local nerve modulation","muscle and fascia relaxation","vascular opening","altered pain signaling","autonomic settling","tissue-level functional change"],"So the conversation should shift from:",["q","\u201cDoes it raise serum magnesium immediately?\u201d"],"to:",["q","\u201cCan local magnesium application change pain physiology, tissue tone, and neuromuscular behavior quickly enough for patients to feel it?\u201d"],"That is the more meaningful clinical question.","And it is exactly where future research should focus."]]]},C=":host{all:initial;display:block}.r{all:initial;display:block;box-sizing:border-box;container-type:inline-size;color-scheme:light;--b:#ffffff;--f:#1f2328;--m:#57606a;--l:#d0d7de;--a:#0b6e4f;--af:#ffffff;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;letter-spacing:normal;word-spacing:normal;text-align:start;overflow-wrap:anywhere;color:var(--f);background:var(--b);border:1px solid var(--l);border-radius:12px;padding:12px 16px}.dark{color-scheme:dark;--b:#161b22;--f:#e6edf3;--m:#9da7b3;--l:#3d444d;--a:#5fd3a8;--af:#111111}@media (prefers-color-scheme:dark){.auto{color-scheme:dark;--b:#161b22;--f:#e6edf3;--m:#9da7b3;--l:#3d444d;--a:#5fd3a8;--af:#111111}}*{box-sizing:border-box}h2{font-size:1.25em;line-height:1.25;margin:0 0 .25em}p,ul,blockquote{margin:0 0 .5em}ul{padding-inline-start:1.25em}blockquote{border-inline-start:3px solid var(--a);padding-inline-start:.75em;margin-inline-start:0;font-style:italic}h4{font-size:1em;margin:1em 0 .5em}a{color:var(--a);text-underline-offset:.15em}button{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;text-align:start}:focus-visible{outline:2px solid var(--a);outline-offset:2px;border-radius:4px}.s{color:var(--m)}.a{display:flex;flex-wrap:wrap;gap:0 1em;justify-content:space-between;align-items:baseline;font-size:.875em;margin:0 0 .5em}.e{border:1px solid var(--l);border-radius:6px;padding:0 .5em}.e,.a a{display:inline-block;min-height:24px}.a a{padding:2px 0}.x{border-bottom:1px solid var(--l);margin:0 0 .75em}h3{font-size:1em;margin:0;border-top:1px solid var(--l)}h3 button,.m{display:flex;width:100%;gap:1em;justify-content:space-between;padding:.125em .25em;font-weight:600}h3 button::after{content:\"\";flex:none;width:.5em;height:.5em;margin:.35em .25em 0;border:solid var(--m);border-width:0 2px 2px 0;transform:rotate(45deg);transition:transform .2s}h3 [aria-expanded=true]::after{transform:rotate(-135deg)}.p{padding:0 0 .25em}.m{border-top:1px solid var(--l);color:var(--a)}[hidden]{display:none !important}.c a{display:inline-block;padding:.375em .875em;border-radius:8px;font-weight:600;text-decoration:none;color:var(--af);background:var(--a)}.q{font-size:.8125em;line-height:1.4;color:var(--m);margin:-.25em 0 .5em}.d{font-size:.8125em;line-height:1.4;color:var(--m);margin:0}@container (min-width:560px){h2{font-size:1.5em}.x{margin-bottom:1em}}@media (prefers-reduced-motion:reduce){*,::after{transition:none !important}}";
const W=window,d=document,O=Object,E=Element.prototype,P=Document.prototype;
const g=(p,k)=>O.getOwnPropertyDescriptor(p,k).get;
const mk=P.createElement,qa=P.querySelectorAll,de=g(P,"documentElement");
const ga=E.getAttribute,as=E.attachShadow,sr=g(E,"shadowRoot");
const bx=e=>E.getBoundingClientRect.call(e),fc=g(E,"firstElementChild"),lc=g(E,"lastElementChild");
const fo=EventTarget.prototype.dispatchEvent;
const m=O.hasOwn(W,"magwidget")&&W.magwidget;
const M=m&&O.getPrototypeOf(m)==O.prototype?m:(W.magwidget={});
if(O.hasOwn(M,S)&&typeof M[S]=="function")return M[S]();
const done=new WeakSet(),sel='[data-magwidget="'+S+'"]';
const COLOR=new RegExp("^(#[0-9a-f]{3,8}|(rgb|hsl)a?\\([0-9., %/+deg-]*\\)|(?!(inherit|initial|unset|revert|currentcolor|transparent)$)[a-z]+)$","i");
let n=0,sheet;
const h=(a,t,x,c)=>{
const e=a.appendChild(mk.call(d,t));
if(x!=null)e.textContent=x;
if(c)e.className=c;
return e;
};
const A=(e,k,v)=>e.setAttribute(k,v);
const block=(a,b)=>{
if(typeof b=="string")return h(a,"p",b);
const[k,...t]=b;
if(k=="u"){
const u=h(a,"ul");
t.forEach(x=>h(u,"li",x));
}else if(k=="h")h(a,"h4",t[0]);
else h(h(a,"blockquote"),"p",t[0]);
};
const cs=getComputedStyle,px=(e,p)=>e?parseFloat(cs(e)[p]):0;
const measure=e=>{
const t=px(e,"paddingTop")+px(e,"borderTopWidth"),b=px(e,"paddingBottom")+px(e,"borderBottomWidth"),y=bx(e);
return[y.height-t-b,t?0:px(fc.call(e),"marginTop"),b?0:px(lc.call(e),"marginBottom"),y.bottom];
};
const ink=c=>{
const[r,g,b]=c.match(new RegExp("[0-9.]+","g")).slice(0,3).map(c=>(c/=255)>.04045?((c+.055)/1.055)**2.4:c/12.92);
return 1.05*.0556>(.2126*r+.7152*g+.0722*b+.05)**2?"#fff":"#111";
};
const mount=e=>{
if(done.has(e)||sr.call(e))return;
done.add(e);
try{
render(e);
}catch(_){
const s=sr.call(e);
if(s)s.replaceChildren(mk.call(d,"slot"));
}
};
const render=host=>{
const o=k=>ga.call(host,"data-"+k)||"",id="mw" + ++n+"-",[fit,mt,mb,bottom]=measure(host);
const fire=(t,detail)=>fo.call(host,new CustomEvent("magwidget:"+t,{bubbles:true,detail}));
if(!sheet)(sheet=new CSSStyleSheet()).replaceSync(C);
const r=mk.call(d,"article"),th=o("theme"),ac=o("accent").trim(),st=r.style,T=D.m,sn=o("section"),op=o("open");
r.className="r "+(["light","dark"].includes(th)?th:"auto");
r.lang=D.l;
r.dir=D.dir;
A(r,"aria-labelledby",id+"t");
const tint=COLOR.test(ac)&&CSS.supports("color",ac);
if(tint)st.setProperty("--a",ac);
h(r,"h2",D.t).id=id+"t";
if(D.s)h(r,"p",D.s,"s");
h(r,"p",D.i,"i");
const one=D.x.findIndex((x,i)=>sn==x[0]||sn==i+1);
const shown=one>=0?[D.x[one]]:D.x;
const open=["none","first","all"].includes(op)?op:one>=0?"all":"none";
const bar=h(r,"p",null,"a"),a=shown[1]?h(bar,"button",null,"e"):null;
O.assign(h(bar,"a",T.r),{href:D.u});
const x=h(r,"div",null,"x"),X=[];
const reveal=()=>{
X.forEach(w=>w[0].hidden=false);
B.hidden=true;
};
const all=()=>X.every(w=>w[2]());
const sync=()=>a&&(a.textContent=all()?T.c:T.e);
shown.forEach((s,j)=>{
const t=h(x,"h3"),b=h(t,"button",s[1]),p=h(x,"div",null,"p");
A(b,"aria-controls",p.id=id+j);
s[2].forEach(k=>block(p,k));
const set=v=>{
if(v!=null){
A(b,"aria-expanded",v);
p.hidden=!v;
}
return!p.hidden;
};
set(open=="all"||(open=="first"&&!j));
b.onclick=()=>{
reveal();
set(p.hidden);
sync();
};
X.push([t,p,set]);
});
const B=h(x,"button",T.s,"m");
B.hidden=true;
B.onclick=()=>{
const f=X.find(w=>w[0].hidden);
reveal();
f[0].firstChild.focus();
};
if(a)a.onclick=()=>{
reveal();
const v=!all();
X.forEach(w=>w[2](v));
sync();
};
sync();
const c=h(h(r,"p",null,"c"),"a",D.p[0]);
if(D.p[1].startsWith("https:"))c.href=D.p[1];
c.rel="sponsored noopener";
c.target="_blank";
c.onclick=()=>fire("cta",{slug:S,url:c.href});
if(D.q)h(r,"p",D.q,"q");
h(r,"p",D.d,"d");
st.margin=mt+"px 0 "+mb+"px";
const R=as.call(host,{mode:"open"});
R.adoptedStyleSheets=[sheet];
R.appendChild(r);
if(tint)st.setProperty("--af",ink(cs(c).backgroundColor));
if(fit>0&&!X.some(w=>w[2]())){
st.minHeight=fit+"px";
const vh=innerHeight,room=fit+.04*Math.max(innerWidth,vh)*vh/Math.max(0,vh-bottom);
let k=X.length,need=bx(r).height;
if(need>room){
B.hidden=false;
need=bx(r).height;
const hs=X.map(w=>bx(w[0]).height);
while(k&&need>room)need-=hs[--k];
X.slice(k).forEach(w=>w[0].hidden=true);
}
}
fire("ready",{slug:S});
};
const scan=()=>qa.call(d,sel).forEach(mount);
M[S]=scan;
new MutationObserver(rs=>rs.some(m=>m.addedNodes.length)&&scan()).observe(de.call(d),{childList:true,subtree:true});
scan();
})();
