/**
 * Image model (Digest, Descriptor, {@link dev.imagesmith.image.ImageConfig}, {@link
 * dev.imagesmith.image.Manifest}, {@link dev.imagesmith.image.ImageIndex}, {@link
 * dev.imagesmith.image.Platform}) and the OCI layout and docker-archive readers ({@link
 * dev.imagesmith.image.OciLayoutReader}, {@link dev.imagesmith.image.DockerArchiveReader}, both
 * giving a {@link dev.imagesmith.image.SourceImage}) and writers ({@link
 * dev.imagesmith.image.OciLayoutWriter}, {@link dev.imagesmith.image.DockerArchiveWriter}, both
 * taking a {@link dev.imagesmith.image.BuiltImage}); documents about an image (its SBOM, its
 * provenance) are stored beside it as OCI artifacts whose subject is the image ({@link
 * dev.imagesmith.image.Referrer}, read back by {@link dev.imagesmith.image.StoredReferrers}).
 * Everything read from outside is checked: size caps before parsing, digests before use as paths,
 * digest and size of every blob read.
 *
 * <p>Outputs are put in place whole through {@code store} ({@code AtomicFile}, {@code
 * AtomicDirectory}).
 *
 * <p>May import {@code error}, {@code io} (JSON through JsonTrees and JsonFields, untrusted files,
 * excerpts), {@code store}, Jackson, Commons Compress and the JDK only.
 */
package dev.imagesmith.image;
