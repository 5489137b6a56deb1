/**
 * Low-level host file helpers shared by every package (link-safe recursive delete, permission
 * bits). Imports nothing of ours.
 */
package dev.imagesmith.io;
