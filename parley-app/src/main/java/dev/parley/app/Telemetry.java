package dev.parley.app;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tracing, off by default and switched on by the standard OpenTelemetry environment variables: an
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), or an
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}; {@code OTEL_SDK_DISABLED=true} keeps it off. The SDK reads
 * every other {@code OTEL_} variable as usual (headers, sampler, resource attributes); the protocol is OTLP over
 * HTTP ({@code http/protobuf}, which the JDK's own client sends), gRPC is refused at start-up. Only traces are
 * exported: metrics are at {@code /metrics} and the logs on the console, unless the variables ask otherwise.
 */
final class Telemetry {

    private Telemetry() {
    }

    /** The SDK {@code env} asks for, or empty when it asks for none. */
    static Optional<OpenTelemetrySdk> from(Map<String, String> env) {
        if (!wanted(env)) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.service.name", "parley");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        // Parley sends OTLP over HTTP with the JDK's client; it has no gRPC sender.
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        try {
            return Optional.of(AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk());
        } catch (ConfigurationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StartupException("the OTEL_ variables do not configure tracing: " + cause.getMessage()
                    + " (Parley exports OTLP over HTTP: OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, port 4318)");
        }
    }

    /** Exports what is still buffered, then stops; bounded, so a collector that is away cannot hold a shutdown. */
    static void close(OpenTelemetrySdk sdk) {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }

    private static boolean wanted(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "false"))) {
            return false;
        }
        String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "");
        if (exporter.equalsIgnoreCase("none")) {
            return false;
        }
        return !exporter.isBlank() || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
                || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }
}
