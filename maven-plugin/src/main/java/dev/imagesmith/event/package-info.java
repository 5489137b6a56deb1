/**
 * How the engine reports progress without printing: {@link dev.imagesmith.event.BuildLog}. Imports
 * nothing.
 */
package dev.imagesmith.event;
