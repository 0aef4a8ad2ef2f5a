package org.eventstream.model.wire;

import java.util.List;
import java.util.Optional;

import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.Item;
import org.eventstream.model.event.Param;
import org.eventstream.model.event.ParamValue;
import tools.jackson.core.JsonGenerator;

/** Writes an event's fields in the API's own JSON schema (without {@code id}). */
final class EventJsonWriter {

	private final JsonGenerator json;

	EventJsonWriter(JsonGenerator json) {
		this.json = json;
	}

	void writeFields(Event event) {
		json.writeStringProperty("name", event.name());
		json.writeStringProperty("channel_type", event.channelType().wireName());
		epoch("timestamp", event.timestamp());
		epoch("previous_timestamp", event.previousTimestamp());
		event.date().ifPresent(date -> json.writeStringProperty("date", date.toString()));
		string("user_id", event.userId());
		string("user_pseudo_id", event.userPseudoId());
		params("event_params", event.eventParams());
		params("user_params", event.userParams());
		event.device().ifPresent(this::device);
		event.appInfo().ifPresent(app -> {
			json.writeObjectPropertyStart("app_info");
			string("id", app.id());
			string("version", app.version());
			json.writeEndObject();
		});
		event.geo().ifPresent(geo -> {
			json.writeObjectPropertyStart("geo");
			string("continent", geo.continent());
			string("country", geo.country());
			string("region", geo.region());
			string("city", geo.city());
			json.writeEndObject();
		});
		items(event.items());
		event.sentAt().ifPresent(sentAt -> json.writeStringProperty("sent_at", sentAt.toString()));
	}

	private void string(String name, Optional<String> value) {
		value.ifPresent(text -> json.writeStringProperty(name, text));
	}

	private void number(String name, Optional<Double> value) {
		value.ifPresent(number -> json.writeNumberProperty(name, number));
	}

	private void epoch(String name, Optional<EpochTimestamp> value) {
		value.ifPresent(timestamp -> json.writeNumberProperty(name, timestamp.value()));
	}

	private void params(String name, List<Param> params) {
		if (params.isEmpty()) {
			return;
		}
		json.writeArrayPropertyStart(name);
		for (Param param : params) {
			json.writeStartObject();
			json.writeStringProperty("key", param.key());
			ParamValue value = param.value();
			if (value instanceof ParamValue.StringValue s) {
				json.writeStringProperty("string_value", s.value());
			}
			else if (value instanceof ParamValue.NumberValue n) {
				json.writeNumberProperty("number_value", n.value());
			}
			else if (value instanceof ParamValue.BooleanValue b) {
				json.writeBooleanProperty("boolean_value", b.value());
			}
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private void device(Device device) {
		json.writeObjectPropertyStart("device");
		string("category", device.category());
		string("mobile_brand_name", device.mobileBrandName());
		string("mobile_model_name", device.mobileModelName());
		string("operating_system", device.operatingSystem());
		string("operating_system_version", device.operatingSystemVersion());
		string("language", device.language());
		string("browser_name", device.browserName());
		string("browser_version", device.browserVersion());
		string("hostname", device.hostname());
		json.writeEndObject();
	}

	private void items(List<Item> items) {
		if (items.isEmpty()) {
			return;
		}
		json.writeArrayPropertyStart("items");
		for (Item item : items) {
			json.writeStartObject();
			string("id", item.id());
			string("name", item.name());
			string("brand", item.brand());
			string("variant", item.variant());
			number("price_in_usd", item.priceInUsd());
			item.quantity().ifPresent(quantity -> json.writeNumberProperty("quantity", quantity));
			number("revenue_in_usd", item.revenueInUsd());
			json.writeEndObject();
		}
		json.writeEndArray();
	}

}
