package org.eventstream.localclickhouse.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InsertStatementTest {

	@Test
	void splitsTheFormatClauseFromBinaryData() {
		byte[] text = bytes("INSERT INTO t (a, b) FORMAT RowBinary\n\u0000\u0001\u0002");

		InsertStatement insert = find(text).orElseThrow();

		assertThat(insert.statement()).isEqualTo("INSERT INTO t (a, b)");
		assertThat(insert.format()).isEqualTo("RowBinary");
		assertThat(insert.dataOffset()).isEqualTo(text.length - 3);
	}

	@Test
	void skipsSpacesTabsAndOneCrLfAfterTheFormatName() {
		byte[] text = bytes("insert into t format JSONEachRow \t\r\n\n{}");

		InsertStatement insert = find(text).orElseThrow();

		assertThat(insert.format()).isEqualTo("JSONEachRow");
		assertThat(new String(text, insert.dataOffset(), text.length - insert.dataOffset(), StandardCharsets.UTF_8))
			.isEqualTo("\n{}");
	}

	@Test
	void ignoresFormatInsideStringsIdentifiersCommentsAndSubqueries() {
		byte[] text = bytes("INSERT INTO `FORMAT x` SETTINGS insert_deduplication_token = 'FORMAT y' "
				+ "/* FORMAT z */ -- FORMAT w\n FORMAT CSV\n1,2");

		InsertStatement insert = find(text).orElseThrow();

		assertThat(insert.format()).isEqualTo("CSV");
		assertThat(insert.statement()).endsWith("-- FORMAT w");
	}

	@Test
	void leavesValuesAndSelectInsertsAndOtherStatementsWhole() {
		assertThat(find(bytes("INSERT INTO t VALUES (1, 'FORMAT')"))).isEmpty();
		assertThat(find(bytes("INSERT INTO t SELECT * FROM s FORMAT Null"))).isEmpty();
		assertThat(find(bytes("SELECT 1 FORMAT JSON"))).isEmpty();
		assertThat(find(bytes("  "))).isEmpty();
	}

	private static Optional<InsertStatement> find(byte[] text) {
		return InsertStatement.find(text, text.length);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
