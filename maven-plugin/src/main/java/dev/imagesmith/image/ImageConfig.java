package dev.imagesmith.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An OCI image config. Immutable: every wither returns a new config. Fields this class does not
 * model (vendor fields, the parts of a base's {@code Healthcheck} not replaced) are kept as they
 * were, because the JSON tree is the model. {@link #toJson()} is canonical (keys sorted, compact),
 * so equal configs have equal digests.
 */
public final class ImageConfig {
  private final ObjectNode root;

  private ImageConfig(ObjectNode root) {
    this.root = root;
  }

  /** A config with no layers, for building {@code FROM scratch}. */
  public static ImageConfig scratch(Platform platform) {
    ObjectNode root = JsonTrees.newObject();
    root.putObject("config");
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids");
    root.putArray("history");
    return new ImageConfig(root).withPlatform(platform);
  }

  /**
   * Parses and validates a base image's config: size cap, {@code os} and {@code architecture}
   * present, every diffID a valid digest (security-cases.md R11, N12).
   */
  public static ImageConfig parse(byte[] json, String where) {
    return new ImageConfig(ImageConfigValidation.parse(json, where));
  }

  /** Canonical JSON bytes. */
  public byte[] toJson() {
    return JsonTrees.canonical(root);
  }

  /** The descriptor of {@link #toJson()} with the OCI config media type. */
  public Descriptor descriptor() {
    byte[] json = toJson();
    return new Descriptor(MediaTypes.OCI_CONFIG, Digest.ofBytes(json), json.length);
  }

  // ---- platform and time ----

  public String architecture() {
    return root.path("architecture").asText();
  }

  public String os() {
    return root.path("os").asText();
  }

  public String variant() {
    return root.path("variant").asText("");
  }

  public Platform platform() {
    return new Platform(os(), architecture(), variant());
  }

  public ImageConfig withPlatform(Platform platform) {
    ObjectNode copy = root.deepCopy();
    copy.put("architecture", platform.architecture());
    copy.put("os", platform.os());
    if (platform.variant().isEmpty()) {
      copy.remove("variant");
    } else {
      copy.put("variant", platform.variant());
    }
    return new ImageConfig(copy);
  }

  public Optional<String> created() {
    return Optional.ofNullable(root.path("created").textValue());
  }

  /** Sets {@code created} in RFC 3339 UTC with whole seconds, e.g. {@code 2024-01-01T00:00:00Z}. */
  public ImageConfig withCreated(Instant created) {
    ObjectNode copy = root.deepCopy();
    copy.put("created", rfc3339(created));
    return new ImageConfig(copy);
  }

  /** The spelling this model uses for times in {@code created} and history. */
  public static String rfc3339(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  // ---- container config ----

  public List<String> env() {
    return strings("Env");
  }

  public ImageConfig withEnv(List<String> env) {
    return withStrings("Env", env);
  }

  /**
   * Merges {@code KEY=VALUE} entries into the environment: a key already present gets the new value
   * in its old position, a new key is appended.
   */
  public ImageConfig withMergedEnv(List<String> additions) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String entry : env()) {
      merged.put(envKey(entry), entry);
    }
    for (String entry : additions) {
      String key = envKey(entry);
      if (key.isEmpty() || entry.indexOf('\0') >= 0) {
        throw new UserInputException(
            "environment entry '" + entry + "' needs the form NAME=value with a non-empty NAME");
      }
      merged.put(key, entry);
    }
    return withEnv(new ArrayList<>(merged.values()));
  }

  private static String envKey(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }

  public List<String> entrypoint() {
    return strings("Entrypoint");
  }

  /** An empty list or {@code null} removes the entrypoint. */
  public ImageConfig withEntrypoint(List<String> entrypoint) {
    return withStrings("Entrypoint", entrypoint);
  }

  public List<String> cmd() {
    return strings("Cmd");
  }

  /** An empty list or {@code null} removes the command. */
  public ImageConfig withCmd(List<String> cmd) {
    return withStrings("Cmd", cmd);
  }

  public Optional<String> user() {
    return text("User");
  }

  public ImageConfig withUser(String user) {
    return withText("User", user);
  }

  public Optional<String> workingDir() {
    return text("WorkingDir");
  }

  public ImageConfig withWorkingDir(String workingDir) {
    return withText("WorkingDir", workingDir);
  }

  /** Labels, sorted by key. */
  public Map<String, String> labels() {
    ObjectNode config = containerConfig();
    return config == null ? Map.of() : JsonFields.stringMap(config, "Labels", "image config");
  }

  public ImageConfig withLabels(Map<String, String> labels) {
    ObjectNode copy = root.deepCopy();
    ObjectNode config = containerConfig(copy);
    if (labels == null || labels.isEmpty()) {
      config.remove("Labels");
    } else {
      config.set("Labels", JsonFields.stringMapNode(labels));
    }
    return new ImageConfig(copy);
  }

  /** Adds labels; a key already present gets the new value. */
  public ImageConfig withMergedLabels(Map<String, String> additions) {
    Map<String, String> merged = new TreeMap<>(labels());
    merged.putAll(additions);
    return withLabels(merged);
  }

  /** Exposed ports such as {@code 8080/tcp}, sorted. */
  public Set<String> exposedPorts() {
    ObjectNode config = containerConfig();
    Set<String> ports = new TreeSet<>();
    if (config != null && config.get("ExposedPorts") instanceof ObjectNode exposed) {
      exposed.fieldNames().forEachRemaining(ports::add);
    }
    return ports;
  }

  public ImageConfig withExposedPorts(Set<String> ports) {
    ObjectNode copy = root.deepCopy();
    ObjectNode config = containerConfig(copy);
    if (ports == null || ports.isEmpty()) {
      config.remove("ExposedPorts");
    } else {
      ObjectNode exposed = config.putObject("ExposedPorts");
      new TreeSet<>(ports).forEach(exposed::putObject);
    }
    return new ImageConfig(copy);
  }

  /** Volumes (absolute paths), sorted. */
  public Set<String> volumes() {
    ObjectNode config = containerConfig();
    Set<String> volumes = new TreeSet<>();
    if (config != null && config.get("Volumes") instanceof ObjectNode given) {
      given.fieldNames().forEachRemaining(volumes::add);
    }
    return volumes;
  }

  /** Sets {@code Volumes}, each path a key with an empty object, as {@code ExposedPorts}. */
  public ImageConfig withVolumes(Set<String> volumes) {
    ObjectNode copy = root.deepCopy();
    ObjectNode config = containerConfig(copy);
    if (volumes == null || volumes.isEmpty()) {
      config.remove("Volumes");
    } else {
      ObjectNode given = config.putObject("Volumes");
      new TreeSet<>(volumes).forEach(given::putObject);
    }
    return new ImageConfig(copy);
  }

  public Optional<String> stopSignal() {
    return text("StopSignal");
  }

  public ImageConfig withStopSignal(String signal) {
    return withText("StopSignal", signal);
  }

  /**
   * Sets Docker's {@code Healthcheck}: {@code Test}, and each of {@code Interval}, {@code Timeout},
   * {@code StartPeriod}, {@code StartInterval} (nanoseconds) and {@code Retries} only when given
   * ({@code null} or 0 leaves the runtime's default, as Docker writes them).
   */
  public ImageConfig withHealthcheck(
      List<String> test,
      Long intervalNanos,
      Long timeoutNanos,
      Long startPeriodNanos,
      Long startIntervalNanos,
      Integer retries) {
    ObjectNode copy = root.deepCopy();
    ObjectNode healthcheck = containerConfig(copy).putObject("Healthcheck");
    healthcheck.set("Test", JsonFields.stringArrayNode(test));
    putPositive(healthcheck, "Interval", intervalNanos);
    putPositive(healthcheck, "Timeout", timeoutNanos);
    putPositive(healthcheck, "StartPeriod", startPeriodNanos);
    putPositive(healthcheck, "StartInterval", startIntervalNanos);
    if (retries != null && retries > 0) {
      healthcheck.put("Retries", retries);
    }
    return new ImageConfig(copy);
  }

  private static void putPositive(ObjectNode node, String field, Long value) {
    if (value != null && value > 0) {
      node.put(field, value);
    }
  }

  /** The {@code Healthcheck}'s {@code Test}, empty when the config has none. */
  public List<String> healthcheckTest() {
    ObjectNode config = containerConfig();
    return config != null && config.get("Healthcheck") instanceof ObjectNode healthcheck
        ? List.copyOf(JsonFields.stringList(healthcheck, "Test", "image config Healthcheck"))
        : List.of();
  }

  // ---- layers and history ----

  public List<Digest> diffIds() {
    List<Digest> result = new ArrayList<>();
    root.path("rootfs")
        .path("diff_ids")
        .forEach(node -> result.add(Digest.parse(node.asText(), "rootfs.diff_ids")));
    return result;
  }

  public List<History> history() {
    List<History> result = new ArrayList<>();
    for (JsonNode entry : root.path("history")) {
      result.add(History.fromJson(entry));
    }
    return result;
  }

  /** Appends a layer: its diffID to {@code rootfs.diff_ids} and its history entry. */
  public ImageConfig withLayer(Digest diffId, History history) {
    if (history.emptyLayer()) {
      throw new IllegalArgumentException("a layer's history entry cannot be an empty layer");
    }
    ObjectNode copy = root.deepCopy();
    ObjectNode rootfs =
        copy.get("rootfs") instanceof ObjectNode existing ? existing : copy.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds =
        rootfs.get("diff_ids") instanceof ArrayNode existing
            ? existing
            : rootfs.putArray("diff_ids");
    if (diffIds.size() >= Manifest.MAX_LAYERS) {
      throw new UserInputException(
          "the image would have more than " + Manifest.MAX_LAYERS + " layers; merge some layers");
    }
    diffIds.add(diffId.toString());
    history.appendTo(historyArray(copy));
    return new ImageConfig(copy);
  }

  /** Appends a history entry; use {@link #withLayer} for entries that made a layer. */
  public ImageConfig withHistory(History history) {
    if (!history.emptyLayer()) {
      throw new IllegalArgumentException("use withLayer for a history entry that made a layer");
    }
    ObjectNode copy = root.deepCopy();
    history.appendTo(historyArray(copy));
    return new ImageConfig(copy);
  }

  private static ArrayNode historyArray(ObjectNode root) {
    return root.get("history") instanceof ArrayNode existing ? existing : root.putArray("history");
  }

  // ---- helpers over the "config" object ----

  private ObjectNode containerConfig() {
    return root.get("config") instanceof ObjectNode config ? config : null;
  }

  private static ObjectNode containerConfig(ObjectNode root) {
    return root.get("config") instanceof ObjectNode config ? config : root.putObject("config");
  }

  private List<String> strings(String field) {
    ObjectNode config = containerConfig();
    return config == null
        ? List.of()
        : List.copyOf(JsonFields.stringList(config, field, "image config"));
  }

  private ImageConfig withStrings(String field, List<String> values) {
    ObjectNode copy = root.deepCopy();
    ObjectNode config = containerConfig(copy);
    if (values == null || values.isEmpty()) {
      config.remove(field);
    } else {
      config.set(field, JsonFields.stringArrayNode(values));
    }
    return new ImageConfig(copy);
  }

  private Optional<String> text(String field) {
    ObjectNode config = containerConfig();
    return config == null
        ? Optional.empty()
        : Optional.ofNullable(config.path(field).textValue()).filter(s -> !s.isEmpty());
  }

  private ImageConfig withText(String field, String value) {
    ObjectNode copy = root.deepCopy();
    ObjectNode config = containerConfig(copy);
    if (value == null || value.isEmpty()) {
      config.remove(field);
    } else {
      config.put(field, value);
    }
    return new ImageConfig(copy);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageConfig that && root.equals(that.root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return new String(toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
