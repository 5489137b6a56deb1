package dev.imagesmith.budget;

import dev.imagesmith.inspect.DuplicateFile;
import dev.imagesmith.inspect.HiddenFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.LayerStats;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.report.ImageSummary;
import java.util.List;
import java.util.Optional;

/**
 * A warning about wasted bytes when the budget sets no {@code <maxWastedBytes>}: what counts is
 * what {@code <maxWastedBytes>} counts (files a later layer hides, files whose content a lower
 * layer already ships), but only where a layer this build adds is involved, hiding or shipping
 * them: the base's own waste is not the build's to fix.
 */
public final class WasteWarning {
  private WasteWarning() {}

  /**
   * The warning, or empty when waste is limited by the budget or the build adds none.
   *
   * @param maxWastedBytes the XML path of the limit the warning advises setting ({@link
   *     dev.imagesmith.plan.ConfigPaths#maxWastedBytes()}): the budget may be {@link
   *     BudgetSpec#NONE}, which names no path
   */
  public static Optional<String> of(
      BudgetSpec budget, String maxWastedBytes, ImageSummary image, ImageInspection inspection) {
    if (budget.maxWastedBytes() != null) {
      return Optional.empty();
    }
    List<LayerStats> layers = inspection.layers();
    List<HiddenFile> hidden =
        inspection.hidden().stream()
            .filter(h -> isAdded(layers, h.hiddenBy()) || isAdded(layers, h.file().layer()))
            .toList();
    List<DuplicateFile> duplicates =
        inspection.duplicates().stream().filter(d -> isAdded(layers, d.file().layer())).toList();
    long bytes =
        hidden.stream().mapToLong(h -> h.file().size()).sum()
            + duplicates.stream().mapToLong(d -> d.file().size()).sum();
    if (bytes == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "The layers this build adds waste "
            + BudgetCheck.bytes(bytes)
            + " (files a later layer hides, or whose content a lower layer already ships); the"
            + " largest: "
            + String.join("; ", BudgetCheck.wasteContributors(hidden, duplicates, image))
            + ". Select paths that do not overlap (report.html lists every such file), or set "
            + maxWastedBytes
            + " to the waste you accept (the build then fails above it and no longer warns)");
  }

  private static boolean isAdded(List<LayerStats> layers, int index) {
    return index >= 0 && index < layers.size() && layers.get(index).added();
  }
}
