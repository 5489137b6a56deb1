package dev.imagesmith.report.html;

/** The page's stylesheet, inline so the report is one file that opens anywhere. */
final class Style {
  private Style() {}

  static final String CSS =
      """
      :root { --fg: #1d2330; --muted: #5b6474; --line: #dde2ea; --ok: #1e7d45; --fail: #b3261e; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
             color: var(--fg); background: #f5f7fa; }
      main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 40px; background: #fff;
             min-height: 100vh; }
      h1 { font-size: 24px; margin: 0 0 8px; word-break: break-all; }
      h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px;
           border-bottom: 1px solid var(--line); }
      code { font: 13px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
      dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0;
                color: var(--muted); }
      dl.meta dt { font-weight: 600; }
      dl.meta dd { margin: 0; }
      .status { margin: 18px 0; padding: 12px 16px; border-radius: 6px; }
      .status.ok { background: #e6f4ea; border-left: 5px solid var(--ok); }
      .status.fail { background: #fdecea; border-left: 5px solid var(--fail); }
      .status ul { margin: 6px 0 0; padding-left: 20px; }
      .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 18px 0; }
      .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
      .card-name { color: var(--muted); font-size: 13px; text-transform: uppercase;
                   letter-spacing: .04em; }
      .card-value { font-size: 26px; font-weight: 650; }
      .card-detail { color: var(--muted); font-size: 13px; }
      svg.chart { max-width: 100%; height: auto; display: block; margin: 4px 0 14px; }
      svg.chart .label { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; fill: #1d2330; }
      svg.chart .value { font: 13px system-ui, sans-serif; fill: #1d2330; }
      svg.chart .legend { font: 12px system-ui, sans-serif; fill: #5b6474; }
      table { border-collapse: collapse; width: 100%; font-size: 14px; }
      th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
               vertical-align: top; }
      th { background: #eef1f6; font-weight: 600; }
      td.num, th.num { text-align: right; white-space: nowrap; }
      td.made { color: var(--muted); font-size: 13px; }
      tr.rule td { color: var(--muted); }
      tr.rule td:first-child { padding-left: 24px; }
      td.digest { white-space: nowrap; }
      tr.total td { font-weight: 650; border-top: 2px solid var(--fg); }
      tr.fail td { background: #fdecea; }
      .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
                margin-right: 6px; vertical-align: baseline; }
      .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
      td.path { position: relative; }
      td.path .bar { position: absolute; left: 0; top: 3px; bottom: 3px; background: #dbe7fb;
                     z-index: 0; border-radius: 2px; }
      td.path code { position: relative; z-index: 1; }
      .ok-text { color: var(--ok); }
      footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
      """;
}
