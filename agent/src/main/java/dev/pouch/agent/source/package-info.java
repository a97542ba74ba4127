/**
 * The source side of a backup: what to capture from a directory and how much of each file. Reads only; never
 * modifies, locks or hard-links anything in the source.
 */
package dev.pouch.agent.source;
