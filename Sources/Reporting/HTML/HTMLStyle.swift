/// The page's one stylesheet, inline: light and dark (`prefers-color-scheme`), readable at
/// 1280 px, A4 when printed. Member colours are the Okabe–Ito palette (told apart with the
/// common colour-vision deficiencies), `m0`…`m7` by the member's place on its host.
enum HTMLStyle {
    static let css = """
    :root{--bg:#fff;--fg:#1d2330;--muted:#5b6474;--line:#d8dde6;--card:#f6f8fb;--grid:#e6e9ef;
    --m0:#0072B2;--m1:#E69F00;--m2:#009E73;--m3:#CC79A7;--m4:#56B4E9;--m5:#D55E00;--m6:#8c7a00;--m7:#444;
    --pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--heat:#0072B2;color-scheme:light dark}
    @media (prefers-color-scheme:dark){:root{--bg:#12151b;--fg:#e4e8ef;--muted:#9aa3b2;--line:#343b48;--card:#1a1f28;
    --grid:#262c37;--m6:#F0E442;--m7:#bbb;--pass:#3fb950;--fail:#f85149;--warn:#d29922;--heat:#56B4E9}}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1240px;padding:16px 24px;background:var(--bg);color:var(--fg);
    font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
    h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
    h3{font-size:15px;margin:18px 0 6px}p{margin:4px 0}.muted{color:var(--muted)}
    code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
    .card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px}
    .scroll{overflow-x:auto}table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
    th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
    th{color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    tr.pass td:first-child{color:var(--pass);font-weight:700}tr.fail td:first-child{color:var(--fail);font-weight:700}
    tr.problem td:first-child,tr.warning td:first-child{color:var(--warn);font-weight:700}tr.info td:first-child{color:var(--muted)}
    .verdict-pass{color:var(--pass);font-weight:700}.verdict-fail{color:var(--fail);font-weight:700}
    svg{width:100%;height:auto;display:block;margin:4px 0 8px}svg.natural{width:auto;max-width:100%}
    svg text{fill:var(--fg);font-size:12px}svg .unit{fill:var(--muted);font-size:11px}svg .strong{font-weight:700}
    svg .onfill{fill:#fff;font-size:11.5px;paint-order:stroke;stroke:#0008;stroke-width:2px}
    svg .axis{stroke:var(--muted);stroke-width:1}svg .grid{stroke:var(--grid);stroke-width:1}
    svg .mark{stroke:var(--fail);stroke-width:1.5;stroke-dasharray:4 3}svg .move{stroke:var(--fg);stroke-width:2}
    svg .line{fill:none;stroke-width:2}svg .box{fill:var(--card);stroke:var(--line)}svg .empty{fill:var(--grid)}
    svg .link{stroke:var(--muted);stroke-width:1.5;fill:none}
    .m0{stroke:var(--m0)}.m1{stroke:var(--m1)}.m2{stroke:var(--m2)}.m3{stroke:var(--m3)}
    .m4{stroke:var(--m4)}.m5{stroke:var(--m5)}.m6{stroke:var(--m6)}.m7{stroke:var(--m7)}
    .fill.m0,.sw.m0{fill:var(--m0);background:var(--m0)}.fill.m1,.sw.m1{fill:var(--m1);background:var(--m1)}
    .fill.m2,.sw.m2{fill:var(--m2);background:var(--m2)}.fill.m3,.sw.m3{fill:var(--m3);background:var(--m3)}
    .fill.m4,.sw.m4{fill:var(--m4);background:var(--m4)}.fill.m5,.sw.m5{fill:var(--m5);background:var(--m5)}
    .fill.m6,.sw.m6{fill:var(--m6);background:var(--m6)}.fill.m7,.sw.m7{fill:var(--m7);background:var(--m7)}
    .heat{fill:var(--heat)}.h0{fill:var(--grid)}.h1{fill-opacity:.2}.h2{fill-opacity:.4}.h3{fill-opacity:.6}.h4{fill-opacity:.8}.h5{fill-opacity:1}
    .legend{display:flex;flex-wrap:wrap;gap:14px;margin:2px 0 6px;font-size:13px}
    .sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
    .legend .markkey{display:inline-block;width:14px;border-top:2px dashed var(--fail);margin-right:5px;vertical-align:3px}
    details>summary{cursor:pointer;color:var(--muted)}
    @media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:10.5pt}
    h2{break-after:avoid}svg,table,.card{break-inside:avoid}.scroll{overflow:visible}details{display:block}}
    """
}
