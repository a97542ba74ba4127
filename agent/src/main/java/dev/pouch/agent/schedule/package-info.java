/**
 * When things run: {@link Schedule} (5-field cron, nicknames such as {@code @daily}, {@code @every 30s}) and
 * {@link Scheduler}, a table of named jobs and their next due times driven by an injected clock, so tests step
 * through days of schedule without sleeping.
 */
package dev.pouch.agent.schedule;
