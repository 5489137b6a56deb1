package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.fs.FileType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An {@link ImageInspector}'s state as bytes, for the base index cache: every path with what lies
 * there, what the layers hid, their counts and changes, and then, in a section of its own, what
 * each file's bytes say. A rebuild whose report is kept needs only the paths (the layer writer's
 * questions), so the facts are decoded only when the inspection is asked for ({@link Deferred}).
 * Only layers read from a tar can be stored (their facts are known); a layer this build wrote still
 * points at host files.
 */
public final class InspectorCodec {
  /**
   * Changes with every change of what {@link #write} writes; the base index cache names its files
   * after it, so an older file is a miss rather than misread.
   */
  public static final int VERSION = 4;

  private static final FileType[] TYPES = FileType.values();
  private static final LayerChange.Kind[] KINDS = LayerChange.Kind.values();

  private InspectorCodec() {}

  /** The facts of the files {@link #read} decoded, still as bytes, in the order of the files. */
  static final class Deferred {
    private final List<ImageFile> files;
    private final byte[] section;

    private Deferred(List<ImageFile> files, byte[] section) {
      this.files = files;
      this.section = section;
    }

    /** Gives each file that still lies in {@code tree} as it was read its facts. */
    void applyTo(ImageTree tree) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(section));
      for (ImageFile file : files) {
        FileFacts facts = readFacts(in);
        if (facts != null && tree.get(file.path()).orElse(null) == file) {
          tree.put(file.withFacts(facts));
        }
      }
    }
  }

  /** Writes {@code inspector}'s layers. */
  public static void write(DataOutputStream out, ImageInspector inspector) throws IOException {
    inspector.readDeferredFacts();
    ByteArrayOutputStream factBytes = new ByteArrayOutputStream();
    DataOutputStream facts = new DataOutputStream(factBytes);
    out.writeInt(inspector.tree.all().size());
    for (ImageFile file : inspector.tree.all()) {
      writeFile(out, file);
      writeFacts(facts, file);
    }
    out.writeInt(inspector.hidden.size());
    for (HiddenFile hidden : inspector.hidden) {
      writeFile(out, hidden.file()); // its size and layer are what the report shows
      out.writeInt(hidden.hiddenBy());
      writeText(out, hidden.how());
    }
    out.writeInt(inspector.stats.size());
    for (LayerStats stats : inspector.stats) {
      out.writeInt(stats.index());
      writeText(out, stats.description());
      out.writeBoolean(stats.added());
      out.writeInt(stats.entries());
      out.writeLong(stats.fileBytes());
      out.writeInt(stats.whiteouts());
      out.writeInt(stats.changes().size());
      for (LayerChange change : stats.changes()) {
        writeText(out, change.path());
        out.writeByte(change.kind().ordinal());
        out.writeByte(change.type().ordinal());
        out.writeLong(change.size());
      }
    }
    facts.flush();
    out.writeInt(factBytes.size());
    factBytes.writeTo(out);
  }

  /** The inspector {@link #write} wrote, its files' facts {@link Deferred}. */
  public static ImageInspector read(DataInputStream in) throws IOException {
    ImageTree tree = new ImageTree();
    List<ImageFile> files = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      ImageFile file = readFile(in);
      files.add(file);
      tree.put(file);
    }
    List<HiddenFile> hidden = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      hidden.add(new HiddenFile(readFile(in), in.readInt(), readText(in)));
    }
    List<LayerStats> stats = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      int index = in.readInt();
      String description = readText(in);
      boolean added = in.readBoolean();
      int entries = in.readInt();
      long fileBytes = in.readLong();
      int whiteouts = in.readInt();
      List<LayerChange> changes = new ArrayList<>();
      for (int c = count(in); c > 0; c--) {
        changes.add(
            new LayerChange(
                readText(in),
                KINDS[in.readUnsignedByte() % KINDS.length],
                TYPES[in.readUnsignedByte() % TYPES.length],
                in.readLong()));
      }
      stats.add(new LayerStats(index, description, added, entries, fileBytes, whiteouts, changes));
    }
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad length of the facts");
    }
    Deferred facts = new Deferred(files, in.readNBytes(length));
    return new ImageInspector(null, tree, hidden, stats, facts);
  }

  /** Length-prefixed UTF-8 ({@code -1} for null): tar names may exceed writeUTF's 64 KiB. */
  public static void writeText(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** What {@link #writeText} wrote. */
  public static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("bad string length");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void writeFile(DataOutputStream out, ImageFile file) throws IOException {
    if (file.facts() == null && file.source() != null) {
      throw new IllegalStateException("not read yet: " + file.path());
    }
    writeText(out, file.path());
    out.writeByte(file.type().ordinal());
    out.writeInt(file.layer());
    out.writeLong(file.size());
    out.writeInt(file.mode());
    out.writeLong(file.uid());
    out.writeLong(file.gid());
    writeText(out, file.symlinkTarget());
    writeText(out, file.hardlinkTarget());
  }

  private static ImageFile readFile(DataInputStream in) throws IOException {
    return new ImageFile(
        readText(in),
        TYPES[in.readUnsignedByte() % TYPES.length],
        in.readInt(),
        in.readLong(),
        in.readInt(),
        in.readLong(),
        in.readLong(),
        readText(in),
        readText(in),
        null,
        null);
  }

  private static void writeFacts(DataOutputStream out, ImageFile file) throws IOException {
    FileFacts facts = file.facts();
    ElfIdent elf = facts == null ? null : facts.elf();
    // One byte says what follows: facts at all, an ELF identification, loader configuration text,
    // a script's #! line.
    out.writeByte(
        (facts == null ? 0 : 1)
            | (elf == null ? 0 : 2)
            | (facts == null || facts.loaderConfig() == null ? 0 : 4)
            | (facts == null || facts.shebang() == null ? 0 : 8));
    if (facts != null) {
      out.write(HexFormat.of().parseHex(facts.sha256()));
    }
    if (elf != null) {
      out.writeByte((elf.is64() ? 1 : 0) | (elf.littleEndian() ? 2 : 0));
      out.writeShort(elf.type());
      out.writeShort(elf.machine());
    }
    if (facts != null && facts.loaderConfig() != null) {
      writeText(out, facts.loaderConfig());
    }
    if (facts != null && facts.shebang() != null) {
      writeText(out, facts.shebang());
    }
  }

  private static FileFacts readFacts(DataInputStream in) throws IOException {
    int present = in.readUnsignedByte();
    if ((present & 1) == 0) {
      return null;
    }
    String sha256 = HexFormat.of().formatHex(in.readNBytes(32));
    ElfIdent elf = null;
    if ((present & 2) != 0) {
      int flags = in.readUnsignedByte();
      elf =
          new ElfIdent(
              (flags & 1) != 0, (flags & 2) != 0, in.readUnsignedShort(), in.readUnsignedShort());
    }
    String config = (present & 4) != 0 ? readText(in) : null;
    String shebang = (present & 8) != 0 ? readText(in) : null;
    return new FileFacts(sha256, elf, null, null, config, shebang);
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available()) {
      throw new IOException("bad count");
    }
    return count;
  }
}
