/**
 * Image model (Digest, Descriptor, config, manifest, index) and the OCI layout and docker-archive
 * readers and writers. May import {@code error} only.
 */
package dev.imagesmith.image;
