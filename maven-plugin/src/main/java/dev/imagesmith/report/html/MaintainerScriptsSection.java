package dev.imagesmith.report.html;

import dev.imagesmith.report.StageSummary;
import dev.imagesmith.stage.StepReport;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the {@code debian} steps' maintainer scripts did or did not do: each list only when a step
 * has entries, since most images have none and an empty heading is noise.
 */
final class MaintainerScriptsSection {
  private MaintainerScriptsSection() {}

  static void write(ReportData data, HtmlWriter out) {
    list(
        data,
        out,
        StepReport::maintainerScriptsNotRun,
        "Maintainer scripts not run",
        p ->
            p.text("These Debian packages were unpacked without running their scripts or")
                .text(" triggers; do what the image needs of them (users, alternatives symlinks, ")
                .element("code", "ldconfig")
                .text(") in a ")
                .element("code", "run")
                .text(" step."));
    list(
        data,
        out,
        StepReport::maintainerScriptsRun,
        "Maintainer scripts run",
        p ->
            p.text("The stage's own ")
                .element("code", "dpkg")
                .text(" installed these Debian packages inside the stage and ran their scripts")
                .text(" and the triggers they set off."));
  }

  private static void list(
      ReportData data,
      HtmlWriter out,
      Function<StepReport, List<String>> entries,
      String heading,
      Consumer<HtmlWriter> explanation) {
    boolean any =
        data.image().stages().stream()
            .flatMap(stage -> stage.steps().stream())
            .anyMatch(step -> !entries.apply(step).isEmpty());
    if (!any) {
      return;
    }
    out.open("section").line().element("h2", heading).line().open("p");
    explanation.accept(out);
    out.close("p").line();
    out.open("ul").line();
    for (StageSummary stage : data.image().stages()) {
      for (StepReport step : stage.steps()) {
        for (String entry : entries.apply(step)) {
          out.open("li")
              .text("stage ")
              .name(stage.name())
              .text(": ")
              .open("code")
              .name(entry)
              .close("code")
              .close("li")
              .line();
        }
      }
    }
    out.close("ul").line().close("section").line();
  }
}
