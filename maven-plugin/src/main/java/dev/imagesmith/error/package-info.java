/**
 * The two kinds of failure: {@link dev.imagesmith.error.UserInputException} (the user's mistake or
 * hostile input, reported as a build failure with no stack trace) and {@link
 * dev.imagesmith.error.ImagesmithException} (environment or bug). Imports nothing of ours.
 */
package dev.imagesmith.error;
