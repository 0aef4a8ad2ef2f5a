package org.eventstream.localclickhouse.chdb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement chDB refused or failed, with ClickHouse's error code
 * ({@code Code: 60. DB::Exception: ...}).
 */
public class ChdbException extends RuntimeException {

	/** ClickHouse's {@code UNKNOWN_EXCEPTION}, for errors whose text carries no code. */
	public static final int UNKNOWN_EXCEPTION = 1002;

	private static final Pattern CODE = Pattern.compile("^Code: (\\d+)\\.");

	private final int code;

	public ChdbException(int code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Reads the code from chDB's error text; {@link #UNKNOWN_EXCEPTION} when it has none.
	 */
	public static ChdbException fromEngineMessage(String message) {
		Matcher matcher = CODE.matcher(message);
		if (matcher.find()) {
			return new ChdbException(Integer.parseInt(matcher.group(1)), message);
		}
		return new ChdbException(UNKNOWN_EXCEPTION,
				"Code: " + UNKNOWN_EXCEPTION + ". DB::Exception: " + message + ". (UNKNOWN_EXCEPTION)");
	}

	public int code() {
		return code;
	}

}
