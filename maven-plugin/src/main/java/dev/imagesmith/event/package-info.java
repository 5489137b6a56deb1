/**
 * How the engine reports progress without printing: {@link dev.imagesmith.event.BuildLog}, and
 * {@link dev.imagesmith.event.Progress}, the plain, rate-limited lines of a long transfer or
 * compression. Imports nothing.
 */
package dev.imagesmith.event;
