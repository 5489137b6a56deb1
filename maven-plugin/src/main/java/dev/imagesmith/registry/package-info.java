/**
 * Registries: pulling base images into a content-addressed cache and pushing built images, digest
 * for digest. The only package that imports Jib Core ({@code com.google.cloud.tools.jib}); a test
 * scans the sources to keep it so.
 *
 * <p>What Jib does here: Docker Hub's registry aliases for docker {@code config.json} lookups
 * ({@link com.google.cloud.tools.jib.registry.RegistryAliasGroup}) and the reference rules of
 * Docker Hub short names ({@link com.google.cloud.tools.jib.api.ImageReference}). The config file
 * and its credential helpers are read by {@link dev.imagesmith.registry.DockerConfigCredentials}
 * itself: Jib runs helpers from the JVM's {@code PATH} only and hides their failures. What we do on
 * {@code java.net.http} behind {@link dev.imagesmith.registry.RegistryClient}: the distribution
 * protocol itself. Jib's {@code RegistryClient} re-serialises manifests from its own templates (the
 * pushed digest would not be ours, and a pulled manifest's bytes are lost), retries I/O errors but
 * not 429/5xx, and takes its TLS trust only from the JVM default; every one of those is a promise
 * of this package.
 *
 * <p>May import {@code image}, {@code event}, {@code error}, {@code io}, Jackson and Jib Core;
 * never Maven.
 */
package dev.imagesmith.registry;
