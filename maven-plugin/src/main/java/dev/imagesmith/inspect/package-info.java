/**
 * The filesystem an image's layers make, as a container sees it: {@link
 * dev.imagesmith.inspect.ImageInspector} applies layers in order (whiteouts and replacements as the
 * sandbox applies them, from the events of {@link dev.imagesmith.fs.archive.LayerTarReader}) into
 * an {@link dev.imagesmith.inspect.ImageTree} of {@link dev.imagesmith.inspect.ImageFile}s: every
 * path with its type, mode, owner, layer and link target, the facts of its bytes ({@link
 * dev.imagesmith.inspect.FileFacts}: content hash, ELF headers, loader configuration), what later
 * layers hid (wasted bytes), and what each layer added, changed and removed relative to the layers
 * below ({@link dev.imagesmith.inspect.LayerChange}, for the report's per-layer trees).
 *
 * <p>One model per build: the base's layers are read into it once (or come back from the base index
 * cache, {@link dev.imagesmith.inspect.InspectorCodec}), the layer writer asks it what lies below
 * ({@code layer.LowerIndex}), the layers the build writes are added from their planned entries, and
 * the library check, the budget and the HTML report read the {@link
 * dev.imagesmith.inspect.ImageInspection} it gives at the end: the finished image is never read
 * back.
 *
 * <p>{@code ImageFile} is its own record, not an {@link dev.imagesmith.fs.ArchiveItem}: an item is
 * what one header says (a raw name, a hardlink's target by name), a file is what lies at a path
 * once the layers below were applied (the name resolved in-root, a hardlink with its target's type
 * and bytes, the layer that put it there).
 *
 * <p>May import {@code fs}, {@code fs.archive} (the layer reader), {@code elf}, {@code image} and
 * {@code error}.
 */
package dev.imagesmith.inspect;
