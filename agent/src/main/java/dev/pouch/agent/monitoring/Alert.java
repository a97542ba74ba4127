package dev.pouch.agent.monitoring;

/** One firing check and what it means for the operator. */
public record Alert(AlertKind kind, String message) {}
