/**
 * OpenTelemetry traces (issue #19 item 2), on only when an OTLP endpoint is configured.
 * The SDK and the exporter are imported here, lazily, and nowhere else: with tracing off
 * no SDK module is loaded, and the instrumented code is not even wrapped (the composition
 * root passes no tracer). The bundle leaves these packages external (scripts/build-server.ts)
 * so a start without tracing does not parse them either.
 *
 * The exporter reads the standard variables itself (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, …) and sends OTLP/HTTP
 * JSON; `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` name the service.
 */
import { diag, DiagLogLevel, trace, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';

export interface TracingSettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SDK_DISABLED?: boolean | undefined;
}

export interface Tracing {
  /** Parley's tracer, for the instrumented parts the composition root wraps. */
  tracer: Tracer;
  /** Sends the spans still batched, then stops exporting; a collector that cannot be reached is logged, not thrown. */
  shutdown(): Promise<void>;
}

/** Traces are wanted when an OTLP endpoint is set and the SDK is not disabled. */
export function tracingWanted(settings: TracingSettings): boolean {
  return !settings.OTEL_SDK_DISABLED && (settings.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined);
}

/**
 * Loads the SDK and registers it process-wide: the tracer provider, the AsyncLocalStorage
 * context (so a turn's LLM call finds the request's span without it being passed down) and
 * W3C `traceparent` propagation.
 *
 * The SDK's own problems (a collector that refuses the spans) become warnings in Parley's
 * log rather than lines on stderr, and never stop the server.
 *
 * @example const tracing = tracingWanted(config) ? await startTracing({ version, logger }) : undefined;
 */
export async function startTracing(options: { version: string; logger: Pick<Logger, 'warn'> }): Promise<Tracing> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes, detectResources, envDetector }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  // `parley` unless OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say otherwise (the later resource wins).
  const resource = resourceFromAttributes({ 'service.name': 'parley', 'service.version': options.version }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  const warn = (message: string) => options.logger.warn({ otel: message }, 'tracing: the OpenTelemetry SDK reported a problem');
  diag.setLogger({ error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
  return {
    tracer: trace.getTracer('parley', options.version),
    shutdown: () => provider.shutdown().catch((error: unknown) => warn(`spans not sent at shutdown: ${error instanceof Error ? error.message : String(error)}`)),
  };
}
