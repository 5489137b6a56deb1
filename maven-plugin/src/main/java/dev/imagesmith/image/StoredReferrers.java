package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Referrer}s an OCI layout holds for one image, read back for a push: each artifact
 * manifest {@code index.json} lists whose {@code subject} is the image, with the blobs it names.
 * Every blob is checked against its digest as it is read (the layout is ours, but it sat on disk).
 */
public final class StoredReferrers {
  /**
   * One stored artifact.
   *
   * @param manifest its manifest's descriptor, with the manifest's annotations
   * @param artifactType what it holds
   * @param bytes the manifest's exact bytes
   * @param blobs the config and layers it names
   */
  public record Artifact(
      Descriptor manifest, String artifactType, byte[] bytes, List<Descriptor> blobs) {
    public Artifact {
      bytes = bytes.clone();
      blobs = List.copyOf(blobs);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  private StoredReferrers() {}

  /** The artifacts of {@code layout} whose subject is {@code subject}, in index order. */
  public static List<Artifact> of(Path layout, Digest subject) throws IOException {
    UntrustedFiles files =
        UntrustedFiles.inside(
            "oci:" + layout, "the layout must hold its files itself; run image:build again");
    String where = layout + "/index.json";
    ImageIndex index =
        ImageIndex.parse(files.read(layout.resolve("index.json"), ImageDocument.MAX_BYTES), where);
    List<Artifact> artifacts = new ArrayList<>();
    for (IndexEntry entry : index.manifests()) {
      if (!entry.isArtifact()) {
        continue;
      }
      Descriptor descriptor = entry.descriptor();
      String manifestWhere = layout + " artifact " + descriptor.digest();
      byte[] bytes = readBlob(files, layout, descriptor, manifestWhere);
      ObjectNode root = JsonTrees.parseObject(bytes, ImageDocument.MAX_BYTES, manifestWhere);
      JsonNode subjectNode = root.get("subject");
      if (subjectNode == null
          || !subject.equals(
              DescriptorJson.parse(subjectNode, manifestWhere + " subject").digest())) {
        continue; // another image's document
      }
      List<Descriptor> blobs = new ArrayList<>();
      blobs.add(DescriptorJson.parse(root.get("config"), manifestWhere + " config"));
      ArrayNode layers = JsonFields.array(root, "layers", manifestWhere);
      if (layers != null) {
        for (JsonNode layer : layers) {
          blobs.add(DescriptorJson.parse(layer, manifestWhere + " layer"));
        }
      }
      for (Descriptor blob : blobs) {
        readBlob(files, layout, blob, manifestWhere + " blob " + blob.digest());
      }
      // The manifest's annotations go with its descriptor, as the referrers API lists them.
      Descriptor listed =
          new Descriptor(
              descriptor.mediaType(),
              descriptor.digest(),
              descriptor.size(),
              JsonFields.stringMap(root, "annotations", manifestWhere));
      artifacts.add(new Artifact(listed, entry.artifactType(), bytes, blobs));
    }
    return artifacts;
  }

  private static byte[] readBlob(
      UntrustedFiles files, Path layout, Descriptor descriptor, String where) throws IOException {
    if (descriptor.size() > ImageDocument.MAX_BYTES * 16L) {
      throw new UserInputException(where + ": " + descriptor.size() + " bytes is too large");
    }
    byte[] bytes =
        files.read(
            layout.resolve("blobs/sha256").resolve(descriptor.digest().encoded()),
            (int) descriptor.size());
    if (bytes.length != descriptor.size() || !Digest.ofBytes(bytes).equals(descriptor.digest())) {
      throw new UserInputException(
          where + ": the file is not the blob " + descriptor.digest() + "; run image:build again");
    }
    return bytes;
  }
}
