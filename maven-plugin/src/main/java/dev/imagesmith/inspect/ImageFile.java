package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.elf.ElfInfo;
import dev.imagesmith.fs.FileType;

/**
 * One object of an image as a layer put it at {@code path}.
 *
 * @param path where it lands: clean, absolute, parent components resolved through the symlinks of
 *     the layers below (in-root)
 * @param layer 0-based index of the layer that holds it (0 = the bottom layer of the base)
 * @param size bytes this entry stores in its layer: a regular file's length, 0 for anything else,
 *     and 0 for a hardlink (its bytes are counted at the name it links to)
 * @param symlinkTarget the target verbatim for a symlink, otherwise {@code null}
 * @param hardlinkTarget for a hardlink, the clean path of the name it links to; otherwise {@code
 *     null}
 * @param sha256 hex SHA-256 of a regular file's content (of the linked file for a hardlink), else
 *     {@code null}
 * @param elf identification of an ELF regular file, else {@code null}
 * @param elfInfo the loader view of an ELF file in a layer the build added, else {@code null}
 * @param elfError why an ELF file in an added layer could not be read, else {@code null}
 * @param content the bytes of a small loader configuration file ({@code /etc/ld.so.conf}, {@code
 *     /etc/ld.so.conf.d/*}, {@code /etc/ld-musl-*.path}), else {@code null}
 */
public record ImageFile(
    String path,
    FileType type,
    int layer,
    long size,
    int mode,
    String symlinkTarget,
    String hardlinkTarget,
    String sha256,
    ElfIdent elf,
    ElfInfo elfInfo,
    String elfError,
    byte[] content) {

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

  /** The target of a symlink, {@code null} for anything else. */
  String linkTarget() {
    return isSymlink() ? symlinkTarget : null;
  }

  ImageFile at(String otherPath) {
    return new ImageFile(
        otherPath,
        type,
        layer,
        size,
        mode,
        symlinkTarget,
        hardlinkTarget,
        sha256,
        elf,
        elfInfo,
        elfError,
        content);
  }
}
