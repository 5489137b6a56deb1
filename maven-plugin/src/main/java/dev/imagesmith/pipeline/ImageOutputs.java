package dev.imagesmith.pipeline;

import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.DockerArchiveWriter;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.io.PluginVersion;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.report.ImageJson;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.sbom.SupplyChain;
import dev.imagesmith.store.OutputReuse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The outputs phase: writes {@code target/image} ({@link OutputFiles}), each output only if the
 * last build did not leave the same one ({@link OutputReuse}: an output's key is what decides its
 * bytes, the plugin version among them), {@code digest} last and only for an image that passed its
 * checks, then the record that lets the next build keep them.
 */
final class ImageOutputs {
  /** The record's name for what decided the documents' bytes. */
  private static final String DOCUMENTS = "supply-chain-documents";

  private final BuildPlan plan;
  private final OutputReuse previous;
  private final Path output;
  private final Digest digest;
  private final String version = PluginVersion.get();
  private final List<String> keys = new ArrayList<>();
  private String checksKey;

  /** The documents' files moved back by {@link #reusedDocuments}: not written again. */
  private final Set<String> restoredDocuments = new HashSet<>();

  /** The docker-archive's name and key, once {@link #writeArchive} wrote or kept it. */
  private volatile List<String> archiveRecord = List.of();

  /** What the record keeps of the documents for the next build: name, value pairs. */
  private final List<String> documentExtras = new ArrayList<>();

  ImageOutputs(BuildPlan plan, Workspace workspace, Digest digest) throws IOException {
    this.plan = plan;
    this.previous = workspace.previousOutputs();
    this.output = workspace.output();
    this.digest = digest;
  }

  Path directory() {
    return output;
  }

  /**
   * The checks of the last build, if it made the same image with the same settings and they passed:
   * their report.html is back in place and they need not run again.
   */
  ImageChecks.Outcome reusedChecks(ImageSummary summary) throws IOException {
    checksKey =
        OutputReuse.key(
            version,
            digest.toString(),
            plan.checks().toString(),
            new String(ImageJson.toBytes(summary, List.of()), StandardCharsets.UTF_8));
    String checkedLine = previous.recordedExtra(OutputFiles.REPORT);
    if (checkedLine != null && previous.restore(OutputFiles.REPORT, checksKey)) {
      return ImageChecks.passed(plan, checkedLine);
    }
    return null;
  }

  /**
   * The SBOM and provenance the last build wrote, if it recorded them under {@code documentsKey}
   * (what decides their bytes, {@link SupplyChain#reuseKey}) and their files are untouched since:
   * back in place, read and checked against the digests recorded with them; {@code null} when they
   * must be made again.
   */
  List<Referrer> reusedDocuments(String documentsKey, List<SupplyChain.Kind> kinds)
      throws IOException {
    if (!documentsKey.equals(previous.recordedExtra(DOCUMENTS))) {
      return null;
    }
    List<Referrer> documents = new ArrayList<>();
    for (SupplyChain.Kind kind : kinds) {
      String digest = previous.recordedExtra(kind.fileName());
      if (digest == null || !previous.restore(kind.fileName(), key(digest))) {
        return null;
      }
      byte[] content = contentIfDigest(output.resolve(kind.fileName()), digest);
      if (content == null) {
        return null; // written over in place since: made again, and written again
      }
      documents.add(new Referrer(kind.artifactType(), kind.fileName(), content));
    }
    documents.forEach(document -> restoredDocuments.add(document.fileName()));
    return documents;
  }

  /**
   * The bytes of the document {@code file} (a regular file, read without following a link) if their
   * SHA-256 is {@code digest}; {@code null} otherwise. The documents are small, and an edit that
   * kept size and mtime shows only in their bytes.
   */
  static byte[] contentIfDigest(Path file, String digest) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    byte[] content;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      content = in.readAllBytes();
    }
    return Digest.ofBytes(content).toString().equals(digest) ? content : null;
  }

  /**
   * Writes the OCI layout (with {@code documents} as referrers of the image) and each document as a
   * file of its own; records the docker-archive {@link #writeArchive} wrote.
   *
   * @param documentsKey what decided the documents' bytes, recorded for the next build's {@link
   *     #reusedDocuments}; {@code null} when not known
   * @return the documents as stored in the layout, which an image index stores again
   */
  List<Referrer.Stored> writeImage(BuiltImage image, List<Referrer> documents, String documentsKey)
      throws IOException {
    List<Referrer.Stored> referrers =
        documents.stream()
            .map(document -> document.storeFor(image.manifestDescriptor(), plan.timestamp()))
            .toList();
    String ociKey =
        key(
            digest.toString(),
            String.join(",", plan.to().allTags()),
            referrers.stream()
                .map(r -> r.entry().descriptor().digest().toString())
                .toList()
                .toString());
    if (!reused(OutputFiles.OCI, ociKey)) {
      OciLayoutWriter.write(output.resolve(OutputFiles.OCI), image, plan.to().allTags(), referrers);
    }
    if (documentsKey != null) {
      documentExtras.addAll(List.of(DOCUMENTS, documentsKey));
    }
    for (int i = 0; i < documents.size(); i++) {
      Referrer document = documents.get(i);
      // Its digest was taken as it was stored: the key needs no second pass over its bytes.
      String digest = referrers.get(i).document().digest().toString();
      documentExtras.addAll(List.of(document.fileName(), digest));
      if (restoredDocuments.contains(document.fileName())) {
        keys.addAll(List.of(document.fileName(), key(digest)));
      } else if (!reused(document.fileName(), key(digest))) {
        OutputFiles.write(output.resolve(document.fileName()), document.content());
      }
    }
    keys.addAll(archiveRecord);
    return referrers;
  }

  /**
   * Writes the docker-archive, unless the last build left the same one; call before {@link
   * #writeImage}, on any thread (it needs nothing else of this build's outputs, and reads only the
   * image's blobs).
   */
  void writeArchive(BuiltImage image) throws IOException {
    List<String> references = plan.to().references();
    String archiveKey =
        key(digest.toString(), String.join(",", references), plan.timestamp().toString());
    if (!previous.restore(OutputFiles.ARCHIVE, archiveKey)) {
      DockerArchiveWriter.write(
          output.resolve(OutputFiles.ARCHIVE), image, references, plan.timestamp());
    }
    archiveRecord = List.of(OutputFiles.ARCHIVE, archiveKey);
  }

  /**
   * Writes image.json (with the checks' outcome), then the digest if the checks passed (the digest
   * says "this image was built and passed": a failed check leaves none, the image, report.html and
   * image.json stay to show why), then the record for the next build.
   */
  void writeRecords(ImageSummary summary, ImageChecks.Outcome checks) throws IOException {
    byte[] imageJson = ImageJson.toBytes(summary, checks.checks());
    if (!reused(OutputFiles.IMAGE_JSON, key(HexFormat.of().formatHex(imageJson)))) {
      OutputFiles.write(output.resolve(OutputFiles.IMAGE_JSON), imageJson);
    }
    boolean passed = checks.failure() == null;
    if (passed && !reused(OutputFiles.DIGEST, key(digest.toString()))) {
      OutputFiles.write(
          output.resolve(OutputFiles.DIGEST), (digest + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // Recorded last; a report only when its checks passed (a failing one is inspected again).
    if (plan.cache()) {
      List<String> extras = new ArrayList<>(documentExtras);
      if (passed && checks.logLine() != null) {
        keys.addAll(List.of(OutputFiles.REPORT, checksKey));
        extras.addAll(List.of(OutputFiles.REPORT, checks.logLine()));
      }
      previous.record(keys, extras);
    }
  }

  /** The key of an output: the plugin version and the parts that decide its bytes. */
  private String key(String... parts) {
    String[] all = new String[parts.length + 1];
    all[0] = version;
    System.arraycopy(parts, 0, all, 1, parts.length);
    return OutputReuse.key(all);
  }

  /** Moves the last build's {@code name} back if its key is unchanged; remembers the key. */
  private boolean reused(String name, String key) throws IOException {
    keys.addAll(List.of(name, key));
    return previous.restore(name, key);
  }
}
