/**
 * The {@code pouch.yaml} file of {@code pouch run} and {@code pouch drill}: records per section, {@code ${ENV}}
 * expansion, and errors that name the file, line, column and field ({@code pouch.yaml:12:3: field 'x.y': reason}).
 * Every option of the seed's BackupConfig and RestoreConfig has a home here; options whose feature does not exist
 * yet are parsed and then rejected as "not supported yet" ({@link UnsupportedFields}), never silently ignored.
 */
package dev.pouch.agent.config;
