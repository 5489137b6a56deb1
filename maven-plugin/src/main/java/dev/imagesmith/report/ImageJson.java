package dev.imagesmith.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.io.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code image.json}: the machine-readable record of a build (digest, tags, base, every layer with
 * its digest, diffID, sizes and origin, every stage with its sizes, prune savings and steps; a
 * {@code debian} step also lists the packages whose maintainer scripts were not run). Field order
 * is fixed so that equal builds give equal files; step timings are left out for the same reason.
 */
public final class ImageJson {
  private ImageJson() {}

  public static byte[] toBytes(ImageSummary image) {
    return toBytes(image, List.of());
  }

  /**
   * As {@link #toBytes(ImageSummary)}, ending with {@code "checks"}: whether the image passed each
   * check of the finished image (budget, shared libraries) and what it broke.
   */
  public static byte[] toBytes(ImageSummary image, List<CheckOutcome> checks) {
    ObjectNode root = JsonTrees.newObject();
    root.put("digest", image.digest().toString());
    ArrayNode references = root.putArray("references");
    image.references().forEach(references::add);
    ArrayNode tags = root.putArray("tags");
    image
        .references()
        .forEach(reference -> tags.add(reference.substring(reference.lastIndexOf(':') + 1)));
    root.put("platform", image.platform());

    ObjectNode base = root.putObject("base");
    base.put("from", image.from());
    if (image.baseDigest() == null) {
      base.putNull("digest");
    } else {
      base.put("digest", image.baseDigest().toString());
    }
    base.put("layers", image.layers().stream().filter(LayerSummary::fromBase).count());
    base.put("compressedSize", image.baseCompressedSize());
    base.put("uncompressedSize", image.baseUncompressedSize());

    ObjectNode size = root.putObject("size");
    size.put("compressed", image.compressedSize());
    size.put("uncompressed", image.uncompressedSize());

    ArrayNode layers = root.putArray("layers");
    for (LayerSummary layer : image.layers()) {
      ObjectNode node = layers.addObject();
      node.put("digest", layer.digest().toString());
      node.put("diffId", layer.diffId().toString());
      node.put("mediaType", layer.mediaType());
      node.put("compressedSize", layer.compressedSize());
      node.put("uncompressedSize", layer.uncompressedSize());
      ObjectNode source = node.putObject("source");
      if (layer.fromBase()) {
        source.put("base", image.from());
      } else {
        source.put("stage", layer.stage());
        source.put("path", layer.path());
      }
    }

    ArrayNode stages = root.putArray("stages");
    for (StageSummary stage : image.stages()) {
      stages.add(StageSummaryJson.toReport(stage));
    }
    if (!checks.isEmpty()) {
      ObjectNode outcome = root.putObject("checks");
      outcome.put("passed", checks.stream().allMatch(CheckOutcome::passed));
      for (CheckOutcome check : checks) {
        ObjectNode node = outcome.putObject(check.check());
        node.put("passed", check.passed());
        ArrayNode problems = node.putArray("problems");
        check.problems().forEach(problems::add);
      }
    }
    return (new String(JsonTrees.pretty(root), StandardCharsets.UTF_8) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
