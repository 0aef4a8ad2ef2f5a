package org.eventstream.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eventstream.ingest.adapter.in.web.ImportLimits;
import org.eventstream.ingest.adapter.in.web.RequestLimits;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.wire.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code event-stream.ingest.*}: every knob of the ingest API, with its documented
 * default. Mapped into the plain settings the application and adapters take.
 */
@ConfigurationProperties("event-stream.ingest")
public record IngestProperties(@DefaultValue Kafka kafka, @DefaultValue Limits limits, @DefaultValue Time time,
		@DefaultValue Import imports, @DefaultValue GeoIp geoip) {

	/**
	 * {@code event-stream.ingest.geoip.*}: geolocation of live events that carry no
	 * {@code geo}.
	 *
	 * @param database a MaxMind-format {@code .mmdb} file (GeoLite2 / GeoIP2 City or
	 * Country, DB-IP lite City or Country); unset or blank: geolocation is off
	 */
	public record GeoIp(String database) {

		Optional<Path> file() {
			return (database == null || database.isBlank()) ? Optional.empty() : Optional.of(Path.of(database));
		}

	}

	/**
	 * @param topic the topic events go to; created at start-up if missing
	 * @param partitions its partition count when created (the writer tier scales up to
	 * this many instances)
	 * @param replicationFactor its replication factor when created (3 in production)
	 * @param publishTimeout how long a request waits for Kafka's acknowledgement before
	 * answering 503
	 * @param maxInFlightEvents events waiting for acknowledgement, over which requests
	 * get 503 at once
	 * @param circuitBreaker when to stop trying a Kafka that keeps failing
	 */
	public record Kafka(@DefaultValue(Topics.EVENTS) String topic, @DefaultValue("6") int partitions,
			@DefaultValue("1") short replicationFactor, @DefaultValue("10s") Duration publishTimeout,
			@DefaultValue("50000") int maxInFlightEvents, @DefaultValue CircuitBreaker circuitBreaker) {
	}

	/**
	 * @param failureRatePercent failed publishes, among the last {@code slidingWindow},
	 * that open the breaker
	 * @param slidingWindow how many recent publishes the rate is taken over
	 * @param waitInOpenState how long an open breaker refuses everything before letting
	 * trial calls through
	 */
	public record CircuitBreaker(@DefaultValue("50") float failureRatePercent, @DefaultValue("20") int slidingWindow,
			@DefaultValue("5s") Duration waitInOpenState) {
	}

	public record Limits(@DefaultValue("4MB") DataSize maxBodySize, @DefaultValue("1000") int maxEventsPerBatch,
			@DefaultValue("64KB") DataSize maxEventSize, @DefaultValue("16") int maxNestingDepth,
			@DefaultValue("65536") int maxStringLength, @DefaultValue("100") int maxNameLength,
			@DefaultValue("256") int maxUserIdLength, @DefaultValue("100") int maxParams,
			@DefaultValue("64") int maxParamKeyLength, @DefaultValue("1024") int maxStringValueLength,
			@DefaultValue("256") int maxFieldLength, @DefaultValue("200") int maxItems) {

		RequestLimits request() {
			return new RequestLimits((int) maxBodySize.toBytes(), maxEventsPerBatch, (int) maxEventSize.toBytes(),
					maxNestingDepth, maxStringLength, 64);
		}

		EventLimits event() {
			return new EventLimits(maxNameLength, maxUserIdLength, maxParams, maxParamKeyLength, maxStringValueLength,
					maxFieldLength, maxItems);
		}

	}

	/**
	 * {@code event-stream.ingest.imports.*}: see {@link ImportLimits}.
	 */
	public record Import(@DefaultValue("1GB") DataSize maxSize, @DefaultValue("1000") int chunkEvents,
			@DefaultValue("20000") int maxEventsPerSecond, @DefaultValue("2") int maxConcurrent,
			@DefaultValue("100") int maxReportedErrors) {

		ImportLimits limits() {
			return new ImportLimits(maxSize.toBytes(), chunkEvents, maxEventsPerSecond, maxConcurrent,
					maxReportedErrors);
		}

	}

	/**
	 * See {@link EventTimePolicy}: {@code maxPast} is unset by default (history back to
	 * {@code earliest} is accepted); an operator may set it to narrow the past.
	 */
	public record Time(@DefaultValue("10m") Duration maxFuture, Duration maxPast,
			@DefaultValue("2000-01-01T00:00:00Z") Instant earliest,
			@DefaultValue("REJECT") EventTimePolicy.OutOfRangeAction outOfRange) {

		EventTimePolicy policy() {
			return new EventTimePolicy(maxFuture, Optional.ofNullable(maxPast), earliest, outOfRange);
		}

	}

}
