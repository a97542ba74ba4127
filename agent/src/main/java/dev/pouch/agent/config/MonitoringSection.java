package dev.pouch.agent.config;

/** {@code monitoring:} the HTTP server with {@code /metrics}, {@code /healthz} and {@code /readyz}. */
public record MonitoringSection(ListenAddress listen) {

  public MonitoringSection {
    listen = listen == null ? ListenAddress.DEFAULT : listen;
  }

  static MonitoringSection defaults() {
    return new MonitoringSection(null);
  }
}
