package dev.imagesmith.budget;

import dev.imagesmith.inspect.DuplicateFile;
import dev.imagesmith.inspect.HiddenFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.report.BudgetViolation;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Measures an image against a {@link BudgetSpec}. Sizes are exact byte counts (the same numbers as
 * image.json); a value equal to its limit passes.
 */
public final class BudgetCheck {
  private static final int CONTRIBUTORS = 3;

  private BudgetCheck() {}

  /** Every limit the image breaks, in the order of {@link BudgetSpec}'s fields. */
  public static List<BudgetViolation> check(
      BudgetSpec budget, ImageSummary image, ImageInspection inspection) {
    List<BudgetViolation> violations = new ArrayList<>();
    if (budget.maxSize() != null && image.uncompressedSize() > budget.maxSize()) {
      List<String> contributors = largestLayers(image, LayerSummary::uncompressedSize);
      inspection
          .largestFiles(CONTRIBUTORS)
          .forEach(f -> contributors.add("file " + f.path() + " " + bytes(f.bytes())));
      violations.add(
          new BudgetViolation(
              budget.where().maxSize(),
              bytes(budget.maxSize()),
              bytes(image.uncompressedSize()) + " uncompressed",
              contributors));
    }
    if (budget.maxCompressedSize() != null && image.compressedSize() > budget.maxCompressedSize()) {
      violations.add(
          new BudgetViolation(
              budget.where().maxCompressedSize(),
              bytes(budget.maxCompressedSize()),
              bytes(image.compressedSize()) + " compressed",
              largestLayers(image, LayerSummary::compressedSize)));
    }
    if (budget.maxLayers() != null && image.layers().size() > budget.maxLayers()) {
      long base = image.layers().stream().filter(LayerSummary::fromBase).count();
      List<String> contributors = new ArrayList<>();
      if (base > 0) {
        contributors.add(base + " layers from the base " + image.from());
      }
      long added = image.layers().size() - base;
      if (added > 0) {
        contributors.add(
            added
                + " layers added ("
                + String.join(
                    ", ",
                    image.layers().stream()
                        .filter(l -> !l.fromBase())
                        .map(LayerSummary::origin)
                        .toList())
                + ")");
      }
      violations.add(
          new BudgetViolation(
              budget.where().maxLayers(),
              budget.maxLayers() + " layers",
              image.layers().size() + " layers",
              contributors));
    }
    if (budget.maxWastedBytes() != null && inspection.wastedBytes() > budget.maxWastedBytes()) {
      violations.add(
          new BudgetViolation(
              budget.where().maxWastedBytes(),
              bytes(budget.maxWastedBytes()),
              bytes(inspection.wastedBytes()) + " wasted",
              wasteContributors(inspection.hidden(), inspection.duplicates(), image)));
    }
    return violations;
  }

  private static List<String> largestLayers(ImageSummary image, ToLongFunction<LayerSummary> size) {
    List<String> contributors = new ArrayList<>();
    List<LayerSummary> layers = image.layers();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingLong((Integer i) -> -size.applyAsLong(layers.get(i)))
            .thenComparingInt(i -> i));
    for (int i : order.subList(0, Math.min(CONTRIBUTORS, order.size()))) {
      contributors.add(
          "layer "
              + (i + 1)
              + " ("
              + layers.get(i).origin()
              + ") "
              + bytes(size.applyAsLong(layers.get(i))));
    }
    return contributors;
  }

  /** The largest of these wasted files, each with where it lies and what makes it waste. */
  static List<String> wasteContributors(
      List<HiddenFile> hidden, List<DuplicateFile> duplicates, ImageSummary image) {
    record Waste(long bytes, String text) {}
    List<Waste> all = new ArrayList<>();
    for (HiddenFile h : hidden) {
      all.add(
          new Waste(
              h.file().size(),
              h.file().path()
                  + " "
                  + Sizes.human(h.file().size())
                  + " in layer "
                  + layerName(image, h.file().layer())
                  + ", "
                  + h.how()
                  + " by layer "
                  + layerName(image, h.hiddenBy())));
    }
    for (DuplicateFile d : duplicates) {
      all.add(
          new Waste(
              d.file().size(),
              d.file().path()
                  + " "
                  + Sizes.human(d.file().size())
                  + " in layer "
                  + layerName(image, d.file().layer())
                  + ", same content as "
                  + d.original().path()
                  + " in layer "
                  + layerName(image, d.original().layer())));
    }
    return all.stream()
        .sorted(Comparator.comparingLong((Waste w) -> -w.bytes()).thenComparing(Waste::text))
        .limit(CONTRIBUTORS)
        .map(Waste::text)
        .toList();
  }

  private static String layerName(ImageSummary image, int index) {
    return index < image.layers().size()
        ? (index + 1) + " (" + image.layers().get(index).origin() + ")"
        : String.valueOf(index + 1);
  }

  static String bytes(long bytes) {
    return bytes < 1000 ? bytes + " bytes" : Sizes.human(bytes) + " (" + bytes + " bytes)";
  }
}
