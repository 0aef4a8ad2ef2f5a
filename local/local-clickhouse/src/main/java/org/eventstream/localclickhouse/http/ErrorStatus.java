package org.eventstream.localclickhouse.http;

/**
 * The HTTP status ClickHouse's HTTP handler answers for an error code
 * (src/Server/HTTPHandler.cpp).
 */
final class ErrorStatus {

	private ErrorStatus() {
	}

	static int of(int code) {
		return switch (code) {
			// UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED
			case 192, 193, 194, 516 -> 401;
			// READONLY, ACCESS_DENIED
			case 164, 497 -> 403;
			// CANNOT_PARSE_* (text, escape, quoted string, assertion, date, date-time,
			// number), SYNTAX_ERROR,
			// TYPE_MISMATCH, INCORRECT_DATA, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
			case 6, 25, 26, 27, 38, 41, 72, 62, 53, 117, 321 -> 400;
			// UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, UNKNOWN_TYPE, UNKNOWN_STORAGE,
			// UNKNOWN_TABLE,
			// UNKNOWN_AGGREGATE_FUNCTION, UNKNOWN_FORMAT, UNKNOWN_DATABASE,
			// UNKNOWN_SETTING
			case 46, 47, 50, 56, 60, 63, 73, 81, 115 -> 404;
			// QUERY_IS_TOO_LARGE
			case 202 -> 413;
			// NOT_IMPLEMENTED
			case 48 -> 501;
			default -> 500;
		};

	}

}
