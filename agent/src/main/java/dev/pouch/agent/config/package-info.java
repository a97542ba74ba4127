/**
 * The {@code pouch.yaml} file of {@code pouch run}, {@code pouch drill} and {@code pouch status}: records per section,
 * {@code ${ENV}} expansion, and errors that name the file, line, column and field ({@code pouch.yaml:12:3: field
 * 'x.y': reason}). Every option of the seed's BackupConfig and RestoreConfig has a home here. Every option is acted
 * on; a combination that would silently do nothing (retention rules without {@code schedule.cleanup}, WAL shipping
 * from a plain directory) is an error rather than accepted and ignored.
 */
package dev.pouch.agent.config;
