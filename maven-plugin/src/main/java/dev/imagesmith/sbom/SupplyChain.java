package dev.imagesmith.sbom;

import dev.imagesmith.image.Referrer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents a build writes about its image, as {@link Referrer}s: stored in the OCI layout
 * beside the image, written as files next to it, pushed with it. Which ones, the plan's {@link
 * dev.imagesmith.plan.SupplyChainSpec} says.
 */
public final class SupplyChain {
  private SupplyChain() {}

  /** The SBOM and the provenance of the image {@code facts} describe, as far as asked for. */
  public static List<Referrer> documents(BuildFacts facts) throws IOException {
    List<Referrer> documents = new ArrayList<>();
    if (facts.spec().sbom()) {
      documents.add(
          new Referrer(CycloneDxSbom.MEDIA_TYPE, CycloneDxSbom.FILE_NAME, CycloneDxSbom.of(facts)));
    }
    if (facts.spec().provenance()) {
      documents.add(
          new Referrer(
              SlsaProvenance.MEDIA_TYPE, SlsaProvenance.FILE_NAME, SlsaProvenance.of(facts)));
    }
    return documents;
  }
}
