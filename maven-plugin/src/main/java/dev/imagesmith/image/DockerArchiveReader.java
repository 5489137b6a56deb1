package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a base image from a docker-archive ({@code docker save}, {@code skopeo copy ...
 * docker-archive:}): {@code manifest.json} names the config and the layer members. Members are read
 * in place by exact cleaned name (security-cases.md O14); {@code manifest.json} is capped at 1 MiB;
 * layers may be plain tars or gzip/zstd blobs, told apart by their magic bytes.
 */
public final class DockerArchiveReader {
  static final int MAX_MANIFEST_JSON_BYTES = 1024 * 1024;
  private static final int MAX_LISTED = 20;
  private static final Pattern BLOB_NAME =
      Pattern.compile("(?:blobs/sha256/)?([a-f0-9]{64})(?:\\.json|\\.tar)?");

  private DockerArchiveReader() {}

  /** Reads the only image of the archive; an archive with several images is an error. */
  public static SourceImage read(Path tarFile) throws IOException {
    return read(tarFile, null);
  }

  /**
   * Reads the image tagged {@code repoTagOrNull} ({@code name:tag} as in {@code RepoTags}), or the
   * only image when {@code null}.
   */
  public static SourceImage read(Path tarFile, String repoTagOrNull) throws IOException {
    String name = "docker-archive:" + tarFile + (repoTagOrNull == null ? "" : ":" + repoTagOrNull);
    TarMembers members = TarMembers.index(tarFile, name);
    byte[] manifestJson =
        members.readAll(
            members.find("manifest.json", "manifest.json"),
            MAX_MANIFEST_JSON_BYTES,
            "manifest.json");
    ObjectNode item = selectItem(manifestJson, repoTagOrNull, name);
    return readImage(members, item, name);
  }

  private static ObjectNode selectItem(byte[] json, String repoTag, String name) {
    JsonNode root = JsonTrees.parse(json, MAX_MANIFEST_JSON_BYTES, name + " manifest.json");
    if (!(root instanceof ArrayNode items) || items.isEmpty()) {
      throw new UserInputException(name + ": manifest.json must be a non-empty JSON array");
    }
    List<ObjectNode> matches = new ArrayList<>();
    List<String> allTags = new ArrayList<>();
    for (JsonNode node : items) {
      if (!(node instanceof ObjectNode item)) {
        throw new UserInputException(name + ": manifest.json entries must be JSON objects");
      }
      List<String> tags = JsonFields.stringList(item, "RepoTags", name + " manifest.json");
      allTags.addAll(tags);
      if (repoTag == null || tags.stream().anyMatch(tag -> RepoTags.sameImage(tag, repoTag))) {
        matches.add(item);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new UserInputException(
        name
            + ": "
            + (matches.isEmpty()
                ? "no image tagged " + Excerpt.name(repoTag)
                : "the archive holds " + matches.size() + " images; name one by its tag")
            + ". Tags in the archive: "
            + tagList(allTags));
  }

  /** The archive's tags for a message: escaped, at most {@value #MAX_LISTED}. */
  private static String tagList(List<String> tags) {
    if (tags.isEmpty()) {
      return "none";
    }
    String listed = String.join(", ", tags.stream().limit(MAX_LISTED).map(Excerpt::name).toList());
    return tags.size() > MAX_LISTED
        ? listed + " and " + (tags.size() - MAX_LISTED) + " more"
        : listed;
  }

  private static SourceImage readImage(TarMembers members, ObjectNode item, String name)
      throws IOException {
    String configName = JsonFields.requiredText(item, "Config", name + " manifest.json");
    TarMembers.Member configMember = members.find(configName, "manifest.json Config");
    byte[] configBytes =
        members.readAll(configMember, ImageDocument.MAX_BYTES, "config " + configName);
    Digest configDigest = Digest.ofBytes(configBytes);
    checkNamedDigest(configMember.name(), configDigest, name, "config");
    ImageConfig config = ImageConfig.parse(configBytes, name + " config " + configName);

    List<String> layerNames = JsonFields.stringList(item, "Layers", name + " manifest.json");
    List<Digest> diffIds = config.diffIds();
    if (layerNames.size() != diffIds.size()) {
      throw new UserInputException(
          name
              + ": manifest.json lists "
              + layerNames.size()
              + " layers but the config lists "
              + diffIds.size()
              + " diff_ids; the archive is broken");
    }
    List<SourceLayer> layers = new ArrayList<>();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (int i = 0; i < layerNames.size(); i++) {
      String reference = "manifest.json Layers[" + i + "]";
      TarMembers.Member member = members.find(layerNames.get(i), reference);
      String description = "layer " + (i + 1) + " (" + Excerpt.name(member.name()) + ") of " + name;
      Descriptor descriptor = describeLayer(members, member, diffIds.get(i), description);
      layerDescriptors.add(descriptor);
      layers.add(
          new SourceLayer(descriptor, diffIds.get(i), description, () -> members.open(member)));
    }
    Manifest manifest =
        Manifest.of(
            new Descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
            layerDescriptors,
            Map.of());
    return new SourceImage(name, manifest.descriptor(), manifest, config, layers);
  }

  /**
   * The descriptor of a layer member. An uncompressed layer's digest is its diffID (checked when
   * read); a compressed blob named by its digest keeps that name (checked when read); any other
   * compressed blob is hashed now.
   */
  private static Descriptor describeLayer(
      TarMembers members, TarMembers.Member member, Digest diffId, String description)
      throws IOException {
    Compression compression;
    try (InputStream in = members.open(member)) {
      compression =
          Compression.of(in.readNBytes(6))
              .orElseThrow(
                  () ->
                      new UserInputException(
                          description
                              + ": compressed with neither gzip nor zstd; recompress the layer or"
                              + " save the image again with a current Docker"));
    }
    Digest digest;
    if (compression == Compression.NONE) {
      digest = diffId;
    } else {
      Matcher named = BLOB_NAME.matcher(member.name());
      digest = named.matches() ? new Digest(named.group(1)) : hash(members, member);
    }
    return new Descriptor(compression.mediaType(), digest, member.size());
  }

  private static Digest hash(TarMembers members, TarMembers.Member member) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = members.open(member)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return Digest.of(sha256.digest());
  }

  private static void checkNamedDigest(String memberName, Digest actual, String name, String what) {
    Matcher named = BLOB_NAME.matcher(memberName);
    if (named.matches() && !named.group(1).equals(actual.encoded())) {
      throw new UserInputException(
          name
              + ": "
              + what
              + " member "
              + Excerpt.name(memberName)
              + " is named after sha256:"
              + named.group(1)
              + " but its content is "
              + actual
              + "; the archive is corrupt or was tampered with");
    }
  }
}
