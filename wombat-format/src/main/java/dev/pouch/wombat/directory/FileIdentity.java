package dev.pouch.wombat.directory;

/**
 * Which file an inode is, as {@code stat} reports it: Wombat reuses names across processes, so names alone do not
 * identify files.
 *
 * @param device the {@code st_dev} of the filesystem
 * @param inode the {@code st_ino}
 */
public record FileIdentity(long device, long inode) {}
