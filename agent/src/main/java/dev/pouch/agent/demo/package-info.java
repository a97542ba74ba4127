/** {@code pouch demo}: a complete backup, change, incremental backup, restore and comparison with no setup. */
package dev.pouch.agent.demo;
