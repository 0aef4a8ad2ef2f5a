package org.eventstream.model.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eventstream.model.event.AppInfo;
import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.Geo;
import org.eventstream.model.event.Item;
import org.eventstream.model.event.Param;
import org.eventstream.model.event.ParamValue;

/**
 * A text that identifies an event's content exactly, for content-derived ids.
 *
 * <p>
 * Every field takes part except {@code id} (an event with its own id never needs this)
 * and {@code sent_at} (a resend has a later send time but is the same event). Strings are
 * length-prefixed, so no choice of content can make two different events write the same
 * text; numbers are written as the bits of their IEEE 754 value, so the text is the same
 * on every JVM version.
 */
final class CanonicalForm {

	private final StringBuilder out = new StringBuilder(256);

	private CanonicalForm() {
	}

	static String of(Event event) {
		CanonicalForm form = new CanonicalForm();
		form.text(event.name()).text(event.channelType().wireName());
		form.epoch(event.timestamp()).epoch(event.previousTimestamp()).instant(event.date());
		form.text(event.userId()).text(event.userPseudoId());
		form.params(event.eventParams()).params(event.userParams());
		form.device(event.device()).appInfo(event.appInfo()).items(event.items());
		event.geo().ifPresent(form::geo);
		return form.out.toString();
	}

	private CanonicalForm text(String value) {
		out.append(value.length()).append(':').append(value);
		return this;
	}

	private CanonicalForm text(Optional<String> value) {
		return value.isPresent() ? text(value.get()) : absent();
	}

	private CanonicalForm absent() {
		out.append('-');
		return this;
	}

	private CanonicalForm number(double value) {
		double normalized = (value == 0.0) ? 0.0 : value;
		out.append('#').append(Long.toHexString(Double.doubleToLongBits(normalized))).append(';');
		return this;
	}

	private CanonicalForm epoch(Optional<EpochTimestamp> value) {
		return value.isPresent() ? text(value.get().unit() + "=" + value.get().value()) : absent();
	}

	private CanonicalForm instant(Optional<Instant> value) {
		return value.isPresent() ? text(value.get().toString()) : absent();
	}

	private CanonicalForm params(List<Param> params) {
		out.append('[').append(params.size()).append(']');
		for (Param param : params) {
			text(param.key());
			ParamValue value = param.value();
			if (value instanceof ParamValue.StringValue s) {
				out.append('s');
				text(s.value());
			}
			else if (value instanceof ParamValue.NumberValue n) {
				number(n.value());
			}
			else if (value instanceof ParamValue.BooleanValue b) {
				out.append(b.value() ? 'T' : 'F');
			}
		}
		return this;
	}

	private CanonicalForm device(Optional<Device> device) {
		if (device.isEmpty()) {
			return absent();
		}
		Device d = device.get();
		out.append('D');
		return text(d.category()).text(d.mobileBrandName())
			.text(d.mobileModelName())
			.text(d.operatingSystem())
			.text(d.operatingSystemVersion())
			.text(d.language())
			.text(d.browserName())
			.text(d.browserVersion())
			.text(d.hostname());
	}

	private CanonicalForm appInfo(Optional<AppInfo> appInfo) {
		if (appInfo.isEmpty()) {
			return absent();
		}
		out.append('A');
		return text(appInfo.get().id()).text(appInfo.get().version());
	}

	/**
	 * Last, and only when present: an event without {@code geo} keeps the text (and so
	 * the id) it had before events could carry one.
	 */
	private void geo(Geo geo) {
		out.append('G');
		text(geo.continent()).text(geo.country()).text(geo.region()).text(geo.city());
	}

	private CanonicalForm items(List<Item> items) {
		out.append('[').append(items.size()).append(']');
		for (Item item : items) {
			text(item.id()).text(item.name()).text(item.brand()).text(item.variant());
			optionalNumber(item.priceInUsd());
			if (item.quantity().isPresent()) {
				out.append('q').append(item.quantity().get()).append(';');
			}
			else {
				absent();
			}
			optionalNumber(item.revenueInUsd());
		}
		return this;
	}

	private void optionalNumber(Optional<Double> value) {
		if (value.isPresent()) {
			number(value.get());
		}
		else {
			absent();
		}
	}

}
