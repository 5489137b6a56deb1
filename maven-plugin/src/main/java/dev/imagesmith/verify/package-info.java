/**
 * {@code image:verify}'s judgement: where two builds of one image differ ({@link
 * dev.imagesmith.verify.ImageDifference}), read from their OCI layouts, layer by layer and entry by
 * entry. May import {@code image} and {@code io} and Commons Compress; never Maven.
 */
package dev.imagesmith.verify;
