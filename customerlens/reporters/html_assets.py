"""The HTML report's inline style sheet and script (the page loads nothing else).

Colours: us (self references) red, them (reader references) green, benefits blue; flagged spans
have a wavy underline in the colour of their level. The script only moves existing elements
around (it never builds markup from strings), so escaped draft text stays text.
"""

CSS = """
:root{--us:#ef4444;--us-bg:#fee2e2;--them:#22c55e;--them-bg:#dcfce7;--benefit:#2563eb;
--benefit-bg:#dbeafe;--warning:#d97706;--suggestion:#0891b2;--error:#7c3aed;--muted:#6b7280;
--line:#e5e7eb;--mono:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:#f3f4f6;color:#111827;line-height:1.5;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{padding:20px 32px 14px;background:#fff;border-bottom:1px solid var(--line)}
h1{margin:0;font-size:22px}h1 small{font-size:13px;color:var(--muted);font-weight:normal}
.summary{margin:4px 0 10px;color:#374151}
.legend{display:flex;flex-wrap:wrap;gap:8px 16px;font-size:13px}
.legend span{padding:0 4px}
.legend .hint{color:var(--muted);font-style:italic}
main{padding:20px 32px;max-width:1500px}
.index{border-collapse:collapse;background:#fff;margin-bottom:20px;border-radius:8px;
box-shadow:0 1px 2px rgba(0,0,0,.06)}
.index th,.index td{padding:6px 14px;text-align:left;border-bottom:1px solid var(--line)}
.index td.num{text-align:right;font-variant-numeric:tabular-nums}
.doc{background:#fff;border-radius:12px;padding:18px 24px 24px;margin-bottom:24px;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{margin:0 0 12px;font-size:18px;word-break:break-all}
.fmt{font-size:12px;font-weight:normal;color:var(--muted);border:1px solid var(--line);
border-radius:9px;padding:1px 8px;vertical-align:middle}
h3{font-size:14px;margin:18px 0 8px;color:#374151;text-transform:uppercase;letter-spacing:.04em}
h3 small{text-transform:none;letter-spacing:0;font-weight:normal;color:var(--muted);margin-left:8px}
.error{color:#991b1b;background:#fef2f2;border:1px solid #fecaca;border-radius:8px;padding:10px 14px}
.note{color:var(--muted);font-style:italic}
.overview{display:flex;align-items:center;gap:28px}
.gauge{width:96px;height:96px;flex:none}
.gauge circle{fill:none;stroke-width:8}.gauge .track{stroke:var(--line)}
.gauge .arc{stroke:currentColor;stroke-linecap:round}
.gauge text{fill:currentColor;font-size:19px;font-weight:700;text-anchor:middle}
.band-green{color:#16a34a}.band-yellow{color:#ca8a04}.band-red{color:#dc2626}.band-dim{color:#9ca3af}
.pillars{display:grid;gap:6px}
.pillar{display:grid;grid-template-columns:64px 240px 44px;align-items:center;gap:10px}
.pname{font-weight:600;color:#374151}
.pbar{height:10px;background:var(--line);border-radius:5px;overflow:hidden}
.pfill{display:block;height:100%;background:currentColor;border-radius:5px}
.pnum{text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin-top:14px}
.chip{font-size:12px;background:#f9fafb;border:1px solid var(--line);border-radius:10px;padding:1px 8px}
.chip b{font-weight:600;color:#374151}
.cols{display:grid;grid-template-columns:minmax(0,1.55fr) minmax(300px,1fr);gap:28px}
.cols>aside{position:sticky;top:12px;align-self:start;max-height:calc(100vh - 24px);overflow:auto;
padding-right:4px}
@media (max-width:900px){.cols{grid-template-columns:minmax(0,1fr)}.cols>aside{position:static;
max-height:none}}
.source{font:13px/1.65 var(--mono);border:1px solid var(--line);border-radius:8px;padding:8px 0;
background:#fcfcfd;overflow:hidden}
.line{display:flex}
.gap{color:#9ca3af;padding-left:3.2em;line-height:1.2}
.line:target{background:#fef9c3}
.ln{flex:none;width:3.4em;padding-right:8px;text-align:right;color:#9ca3af;text-decoration:none;
user-select:none}
.ln:hover{color:#111827}
.gut{flex:none;width:4px;margin-right:12px}
.gut-us{background:var(--us)}.gut-them{background:var(--them)}.gut-even{background:#f59e0b}
.gut-none{background:#d1d5db}
.src{flex:1;min-width:0;min-height:1.65em;white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;
padding-right:12px}
.mark-self{background:var(--us-bg);box-shadow:inset 0 -2px 0 var(--us);border-radius:2px}
.mark-reader{background:var(--them-bg);box-shadow:inset 0 -2px 0 var(--them);border-radius:2px}
.mark-benefit{background:var(--benefit-bg);box-shadow:inset 0 -2px 0 var(--benefit);border-radius:2px}
.flag{text-decoration:underline wavy;text-decoration-thickness:1.5px;text-underline-offset:4px;
text-decoration-skip-ink:none;cursor:pointer}
.flag-warning{text-decoration-color:var(--warning)}
.flag-suggestion{text-decoration-color:var(--suggestion)}
.flag-error{text-decoration-color:var(--error)}
.flag:hover,.flag:focus,.flag.current{background:rgba(245,158,11,.18);outline:none}
.heatmap{display:grid;gap:3px}
.hm-row{display:grid;grid-template-columns:4.2em minmax(80px,1fr) auto;column-gap:10px;
align-items:center;color:inherit;text-decoration:none;padding:2px 6px;border-radius:6px;font-size:13px}
.hm-row:hover{background:#f3f4f6}
.hm-lines{font-family:var(--mono);color:var(--muted);text-align:right}
.hm-bar{display:flex;height:12px;border-radius:6px;overflow:hidden;background:var(--line)}
.hm-us{background:var(--us)}.hm-them{background:var(--them)}
.hm-neither{flex:1;background:repeating-linear-gradient(45deg,#e5e7eb 0 4px,#f3f4f6 4px 8px)}
.hm-desc{font-variant-numeric:tabular-nums;color:#374151;white-space:nowrap}
.hm-kind{grid-column:3;font-size:11px;color:var(--muted);margin-top:-3px}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;vertical-align:-1px}
.key-us{background:var(--us)}.key-them{background:var(--them)}
.key-neither{background:repeating-linear-gradient(45deg,#d1d5db 0 2px,#f3f4f6 2px 4px)}
.findings{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.finding{border-left:3px solid var(--muted);background:#f9fafb;border-radius:0 6px 6px 0;
padding:6px 10px;font-size:13px;cursor:pointer}
.finding.level-warning{border-left-color:var(--warning)}
.finding.level-suggestion{border-left-color:var(--suggestion)}
.finding.level-error{border-left-color:var(--error)}
.finding.active{background:#fffbeb;box-shadow:0 0 0 1px #fcd34d}
.pos{font-family:var(--mono);color:var(--muted);text-decoration:none}
.lvl{font-size:11px;text-transform:uppercase;letter-spacing:.04em;font-weight:700}
.level-warning .lvl{color:var(--warning)}.level-suggestion .lvl{color:var(--suggestion)}
.level-error .lvl{color:var(--error)}
.rule{font-weight:700}.pillar-name{color:var(--muted);font-size:12px}
.msg{margin-top:2px}.sugg{color:#15803d;margin-top:2px}
.rewrite{margin-top:4px;padding:3px 8px;background:#f0fdf4;border-radius:4px;font-weight:600}
.panel{position:fixed;right:20px;bottom:20px;width:min(440px,calc(100vw - 40px));max-height:50vh;
overflow:auto;background:#fff;border:1px solid #d1d5db;border-radius:10px;padding:12px 14px;
box-shadow:0 10px 30px rgba(0,0,0,.18)}
.panel .finding{cursor:default;margin-bottom:6px;list-style:none}
.close{position:sticky;top:0;float:right;border:0;background:none;font-size:20px;line-height:1;
cursor:pointer;color:var(--muted)}
@media print{.panel{display:none}}
"""

JS = """
(() => {
  const panel = document.getElementById("panel");
  const body = panel.querySelector(".panel-body");
  const select = (ids) => {
    for (const el of document.querySelectorAll(".finding.active, .flag.current")) {
      el.classList.remove("active", "current");
    }
    body.textContent = "";
    for (const id of ids) {
      const item = document.getElementById(id);
      if (!item) continue;
      item.classList.add("active");
      const copy = item.cloneNode(true);
      copy.removeAttribute("id");
      body.appendChild(copy);
      for (const flag of document.querySelectorAll(`.flag[data-f~="${id}"]`)) {
        flag.classList.add("current");
      }
    }
    panel.hidden = body.childElementCount === 0;
  };
  const flagged = (flag) => select(flag.dataset.f.split(" "));
  document.addEventListener("click", (event) => {
    const flag = event.target.closest(".flag");
    const item = event.target.closest(".findings .finding");
    if (flag) flagged(flag);
    else if (item) select([item.id]);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") select([]);
    else if (event.key === "Enter" && event.target.classList.contains("flag")) flagged(event.target);
  });
  panel.querySelector(".close").addEventListener("click", () => select([]));
  const fromHash = () => {
    const id = location.hash.slice(1);
    if (!/^d[0-9]+-f[0-9]+$/.test(id)) return;
    select([id]);
    const flag = document.querySelector(".flag.current");
    if (flag) flag.scrollIntoView({block: "center"});
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""
