package dev.pouch.wombat.simulator;

import java.nio.file.Path;

/**
 * An SSTable the simulated Wombat has written and still counts in its levels.
 *
 * @param number the {@code <n>} of its name
 * @param path where it is
 * @param level its level
 */
record SimulatedSst(long number, Path path, int level) {}
