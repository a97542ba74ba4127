/**
 * Verification of a repository's integrity. Problems are values, each naming the object and the snapshots it
 * affects; the CLI turns a non-empty list into exit code 3.
 */
package dev.pouch.agent.verify;
