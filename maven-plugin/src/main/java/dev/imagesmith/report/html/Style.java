package dev.imagesmith.report.html;

/**
 * The page's stylesheet, inline so the report is one file that opens anywhere. Long names wrap
 * anywhere ({@code overflow-wrap: anywhere}) rather than being cut or widening the page, and each
 * name is its own bidi island ({@code unicode-bidi: isolate}), so right-to-left text in one cannot
 * reorder the sizes next to it.
 */
final class Style {
  private Style() {}

  static final String CSS =
      """
      :root { --fg: #1d2330; --muted: #5b6474; --line: #dde2ea; --ok: #1e7d45; --fail: #b3261e;
              --added: #1e7d45; --changed: #9a6700; --removed: #b3261e; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
             color: var(--fg); background: #f5f7fa; }
      main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 40px; background: #fff;
             min-height: 100vh; }
      h1 { font-size: 24px; margin: 0 0 8px; overflow-wrap: anywhere; }
      h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px;
           border-bottom: 1px solid var(--line); }
      code { font: 13px/1.3 ui-monospace, "DejaVu Sans Mono", monospace;
             overflow-wrap: anywhere; unicode-bidi: isolate; }
      .muted { color: var(--muted); }
      dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0;
                color: var(--muted); }
      dl.meta dt { font-weight: 600; }
      dl.meta dd { margin: 0; min-width: 0; }
      .status { margin: 18px 0; padding: 12px 16px; border-radius: 6px; overflow-wrap: anywhere; }
      .status.ok { background: #e6f4ea; border-left: 5px solid var(--ok); }
      .status.fail { background: #fdecea; border-left: 5px solid var(--fail); }
      .status ul { margin: 6px 0 0; padding-left: 20px; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr));
               gap: 12px; margin: 18px 0; }
      .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
      .card-name { color: var(--muted); font-size: 13px; text-transform: uppercase;
                   letter-spacing: .04em; }
      .card-value { font-size: 26px; font-weight: 650; }
      .card-detail { color: var(--muted); font-size: 13px; }
      .c0 { --c: #7b8494; } .c1 { --c: #2f6fd6; } .c2 { --c: #d9822b; } .c3 { --c: #2e9e5b; }
      .c4 { --c: #9b4dca; } .c5 { --c: #c9452e; } .c6 { --c: #1a9aa8; } .c7 { --c: #b5a000; }
      .chart { margin: 4px 0 14px; }
      .crow { display: grid; grid-template-columns: minmax(160px, 24%) 1fr 190px; gap: 12px;
              align-items: center; min-height: 30px; }
      .clabel { font: 13px/1.3 ui-monospace, "DejaVu Sans Mono", monospace;
                overflow-wrap: anywhere; unicode-bidi: isolate; }
      .ctrack { position: relative; height: 22px; }
      .cu { position: absolute; left: 0; top: 0; height: 22px; border-radius: 3px;
            background: var(--c); opacity: .35; }
      .cz { position: absolute; left: 0; top: 5px; height: 12px; border-radius: 2px;
            background: var(--c); }
      .cvalue { font-size: 13px; white-space: nowrap; }
      .clegend { margin-top: 8px; font-size: 12px; color: var(--muted); }
      .clegend .swatch { margin-left: 4px; }
      .clegend .muted { margin-left: 18px; }
      table { border-collapse: collapse; width: 100%; font-size: 14px; }
      th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
               vertical-align: top; overflow-wrap: anywhere; }
      th { background: #eef1f6; font-weight: 600; }
      td.num, th.num { text-align: right; white-space: nowrap; overflow-wrap: normal; }
      td.made { color: var(--muted); font-size: 13px; }
      tr.rule td { color: var(--muted); }
      tr.rule td:first-child { padding-left: 24px; }
      td.digest { white-space: nowrap; overflow-wrap: normal; }
      tr.total td { font-weight: 650; border-top: 2px solid var(--fg); }
      tr.fail td { background: #fdecea; }
      .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
                margin-right: 6px; vertical-align: baseline; background: var(--c); }
      td.path { position: relative; }
      td.path .bar { position: absolute; left: 0; top: 3px; bottom: 3px; background: #dbe7fb;
                     z-index: 0; border-radius: 2px; }
      td.path code { position: relative; z-index: 1; }
      .ok-text { color: var(--ok); }
      .legend { font-size: 13px; color: var(--muted); margin: 0 0 12px; }
      .legend .k { margin-left: 0; }
      .tree { font: 13px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; margin: 6px 0 10px;
              border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
      .tree details > details, .tree details > div { margin-left: 7px; padding-left: 10px;
                                                     border-left: 1px solid var(--line); }
      .r { display: flex; align-items: baseline; gap: 10px; padding: 1px 2px; }
      .r::before { content: ""; flex: 0 0 12px; }
      summary.r { cursor: pointer; list-style: none; }
      summary.r::-webkit-details-marker { display: none; }
      summary.r::before { content: "\\25b8"; color: var(--muted); }
      details[open] > summary.r::before { content: "\\25be"; }
      .r:hover { background: #f0f4fb; }
      .r .n { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; unicode-bidi: isolate; }
      .r .t { color: var(--muted); }
      .r .k { flex: 0 0 54px; text-align: center; }
      .r .l { flex: 0 0 44px; text-align: center; }
      .r .s { flex: 0 0 150px; text-align: right; white-space: nowrap; }
      .r.head { font: 600 12px system-ui, sans-serif; color: var(--muted);
                border-bottom: 1px solid var(--line); margin-bottom: 2px; }
      .r.head:hover { background: none; }
      .r.more { color: var(--muted); font-style: italic; }
      .tree .l[class*=" c"] { border-left: 4px solid var(--c); color: var(--muted); }
      .k.a, .k.c, .k.d { display: inline-block; width: 18px; border-radius: 3px; color: #fff;
                         font: 700 11px/16px system-ui, sans-serif; text-align: center; }
      .tree .k.a, .tree .k.c, .tree .k.d { flex: 0 0 18px; margin: 0 18px; }
      .k.a { background: var(--added); } .k.c { background: var(--changed); }
      .k.d { background: var(--removed); }
      .n.a { color: var(--added); } .n.c { color: var(--changed); }
      .n.d { color: var(--removed); text-decoration: line-through; }
      .gone { color: var(--removed); }
      details.layer { border-top: 1px solid var(--line); padding: 6px 0; }
      details.layer > summary { cursor: pointer; padding: 4px 0; overflow-wrap: anywhere; }
      p.cut { font-size: 13px; color: var(--muted); margin: 4px 0; }
      footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
      """;
}
