/**
 * {@code pouch demo}: backups of a live simulated Wombat database, then a restore verified by meaning, against the
 * simulator's ground truth and byte for byte, with no setup.
 */
package dev.pouch.agent.demo;
