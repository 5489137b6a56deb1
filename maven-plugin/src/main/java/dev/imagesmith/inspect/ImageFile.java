package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.elf.ElfInfo;
import dev.imagesmith.fs.FileType;
import java.nio.file.Path;

/**
 * What an image holds at one path: the object a layer put there, with what the layer writer needs
 * to know about it (type, mode, owner, symlink target) and what the checks need to know about its
 * bytes ({@link FileFacts}).
 *
 * @param path where it lands: clean, absolute, parent components resolved through the symlinks of
 *     the layers below (in-root)
 * @param type the object's type; a hardlink's is the type of what it links to
 * @param layer 0-based index of the layer that holds it (0 = the bottom layer of the base)
 * @param size bytes this entry stores in its layer: a regular file's length, 0 for anything else,
 *     and 0 for a hardlink (its bytes are counted at the name it links to)
 * @param mode permission bits including setuid, setgid and sticky ({@code 07777} at most)
 * @param symlinkTarget the target verbatim for a symlink, otherwise {@code null}
 * @param hardlinkTarget for a hardlink, the path of the name it links to; otherwise {@code null}
 * @param facts what a regular file's bytes say (of the linked file for a hardlink); {@code null}
 *     for anything else, and while they are still to be read from {@code source}
 * @param source the host file holding the bytes of a regular file in a layer this build wrote, read
 *     for its facts when the inspection is made; otherwise {@code null}
 */
public record ImageFile(
    String path,
    FileType type,
    int layer,
    long size,
    int mode,
    long uid,
    long gid,
    String symlinkTarget,
    String hardlinkTarget,
    FileFacts facts,
    Path source) {

  public boolean isRegular() {
    return type == FileType.REGULAR;
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }

  public boolean isHardlink() {
    return hardlinkTarget != null;
  }

  /** Hex SHA-256 of a regular file's content, else {@code null}. */
  public String sha256() {
    return facts == null ? null : facts.sha256();
  }

  /** The ELF identification of an ELF regular file, else {@code null}. */
  public ElfIdent elf() {
    return facts == null ? null : facts.elf();
  }

  /** The loader's view of an ELF file in a layer the build added, else {@code null}. */
  public ElfInfo elfInfo() {
    return facts == null ? null : facts.elfInfo();
  }

  /** Why an ELF file in an added layer could not be read, else {@code null}. */
  public String elfError() {
    return facts == null ? null : facts.elfError();
  }

  /** The text of a small loader configuration file, else {@code null}. */
  public String loaderConfig() {
    return facts == null ? null : facts.loaderConfig();
  }

  /** For a script, the rest of its {@code #!} line; else {@code null}. */
  public String shebang() {
    return facts == null ? null : facts.shebang();
  }

  /** The target of a symlink, {@code null} for anything else. */
  String linkTarget() {
    return isSymlink() ? symlinkTarget : null;
  }

  ImageFile withFacts(FileFacts known) {
    return new ImageFile(
        path, type, layer, size, mode, uid, gid, symlinkTarget, hardlinkTarget, known, source);
  }
}
