package org.eventstream.ingest.adapter.in.web;

import java.util.ArrayList;
import java.util.List;

import org.eventstream.ingest.application.port.in.SubmittedEvent;
import org.eventstream.model.validation.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies into plain JSON trees for validation. Jackson's stream
 * constraints are set from {@link RequestLimits} rather than left at the library's
 * defaults, and duplicate keys are refused.
 */
final class EventJsonParser {

	private final JsonMapper mapper;

	/**
	 * Reads one element of the events array: the batch's closing tokens follow it, so no
	 * trailing-token check.
	 */
	private final ObjectReader elementReader;

	private final RequestLimits limits;

	EventJsonParser(RequestLimits limits) {
		this.limits = limits;
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(limits.maxNestingDepth())
				.maxStringLength(limits.maxStringLength())
				.maxNumberLength(limits.maxNumberLength())
				.maxDocumentLength(limits.maxBodyBytes())
				.build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.mapper = JsonMapper.builder(factory).build();
		this.elementReader = mapper.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/** The body of {@code POST /events}: one event. */
	SubmittedEvent single(byte[] body) {
		requireContent(body);
		try {
			Object tree = mapper.readValue(body, Object.class);
			if (body.length > limits.maxEventBytes()) {
				return tooLarge(body.length);
			}
			return new SubmittedEvent.Json(tree);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * One line of {@code POST /events/import}: like {@link #single}, but a line that is
	 * not UTF-8, not JSON or too large is a rejected entry, not a failed request.
	 */
	SubmittedEvent line(byte[] bytes) {
		if (bytes.length > limits.maxEventBytes()) {
			return tooLarge(bytes.length);
		}
		int invalid = Utf8.firstInvalid(bytes);
		if (invalid >= 0) {
			return new SubmittedEvent.Unreadable(
					new Violation("", "the line is not valid UTF-8 (byte " + invalid + ")"));
		}
		try {
			return new SubmittedEvent.Json(mapper.readValue(bytes, Object.class));
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			long column = (location != null) ? location.getColumnNr() : -1;
			return new SubmittedEvent.Unreadable(
					new Violation("", "malformed JSON: " + ex.getOriginalMessage() + " (column " + column + ")"));
		}
	}

	/**
	 * The body of {@code POST /events/batch}: {@code {"events": [...]}} with 1 to
	 * {@code maxEventsPerBatch} events. An event over the per-event byte limit is refused
	 * alone; the others go on.
	 */
	List<SubmittedEvent> batch(byte[] body) {
		requireContent(body);
		try (JsonParser parser = mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw ApiProblem.invalidRequest("", "A batch is a JSON object: {\"events\": [...]}");
			}
			List<SubmittedEvent> events = null;
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				if (!"events".equals(name)) {
					throw ApiProblem.invalidRequest("/" + name, "Unknown field; a batch has only \"events\"");
				}
				events = events(parser);
			}
			if (parser.nextToken() != null) {
				throw ApiProblem.invalidRequest("", "Unexpected content after the batch object");
			}
			if (events == null || events.isEmpty()) {
				throw ApiProblem.invalidRequest("/events", "A batch needs a non-empty \"events\" array");
			}
			return events;
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	private List<SubmittedEvent> events(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_ARRAY) {
			throw ApiProblem.invalidRequest("/events", "\"events\" must be a JSON array");
		}
		List<SubmittedEvent> events = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			if (events.size() == limits.maxEventsPerBatch()) {
				throw ApiProblem.tooLarge("The number of events in the batch", limits.maxEventsPerBatch());
			}
			long start = parser.currentTokenLocation().getByteOffset();
			Object tree = elementReader.readValue(parser);
			long size = parser.currentLocation().getByteOffset() - start;
			events.add(size > limits.maxEventBytes() ? tooLarge(size) : new SubmittedEvent.Json(tree));
		}
		return events;
	}

	private SubmittedEvent tooLarge(long size) {
		return new SubmittedEvent.Unreadable(new Violation("",
				"the event is " + size + " bytes of JSON; the limit is " + limits.maxEventBytes() + " bytes"));
	}

	private static void requireContent(byte[] body) {
		if (body.length == 0) {
			throw ApiProblem.invalidRequest("", "The request body is empty");
		}
	}

	private static RuntimeException malformed(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		long line = (location != null) ? location.getLineNr() : -1;
		long column = (location != null) ? location.getColumnNr() : -1;
		return ApiProblem.malformedJson(ex.getOriginalMessage(), line, column);
	}

}
